//! The pending-event queue: a 4-ary min-heap on a unique 128-bit key (time, then the order
//! of scheduling).
//!
//! Popping is the engine's hottest loop. The standard library's binary heap walks a chain
//! of dependent compare-and-move steps as long as the tree is deep; four children per node
//! halve the depth, and the four comparisons of a level are independent of each other. The
//! keys are unique, so the order of pops — and with it every run — is the same as with any
//! other correct priority queue (a test checks it against `BinaryHeap`).

/// An entry: its key and a payload the queue does not look at.
#[derive(Debug, Clone, Copy)]
struct Slot<T> {
    key: u128,
    item: T,
}

/// A min-priority queue of `T` by `u128` keys, which must be unique.
#[derive(Debug, Clone)]
pub struct Queue<T> {
    heap: Vec<Slot<T>>,
}

impl<T: Copy> Default for Queue<T> {
    fn default() -> Self {
        Queue { heap: Vec::new() }
    }
}

impl<T: Copy> Queue<T> {
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    #[inline]
    pub fn push(&mut self, key: u128, item: T) {
        let mut i = self.heap.len();
        self.heap.push(Slot { key, item });
        while i > 0 {
            let parent = (i - 1) / 4;
            if self.heap[parent].key <= key {
                break;
            }
            self.heap[i] = self.heap[parent];
            i = parent;
        }
        self.heap[i] = Slot { key, item };
    }

    /// The entry with the smallest key, removed.
    #[inline]
    pub fn pop(&mut self) -> Option<(u128, T)> {
        let last = self.heap.pop()?;
        let n = self.heap.len();
        if n == 0 {
            return Some((last.key, last.item));
        }
        let top = self.heap[0];
        // Sift the last entry down from the root.
        let mut i = 0;
        loop {
            let first = 4 * i + 1;
            if first >= n {
                break;
            }
            let end = (first + 4).min(n);
            let mut m = first;
            let mut mk = self.heap[first].key;
            for c in first + 1..end {
                let k = self.heap[c].key;
                if k < mk {
                    m = c;
                    mk = k;
                }
            }
            if last.key <= mk {
                break;
            }
            self.heap[i] = self.heap[m];
            i = m;
        }
        self.heap[i] = last;
        Some((top.key, top.item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::Rng;
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    #[test]
    fn pops_in_the_order_of_a_binary_heap() {
        let mut rng = Rng::new(9);
        let mut q = Queue::default();
        let mut h = BinaryHeap::new();
        let mut seq = 0u128;
        for round in 0..200_000 {
            // Sizes drift up and down; times collide often, so the sequence part decides.
            let push =
                q.is_empty() || rng.below(100) < if round % 20_000 < 10_000 { 60 } else { 40 };
            if push {
                seq += 1;
                let key = ((rng.below(500) as u128) << 64) | seq;
                q.push(key, round);
                h.push(Reverse((key, round)));
            } else {
                assert_eq!(q.pop(), h.pop().map(|Reverse(e)| e));
            }
            assert_eq!(q.len(), h.len());
        }
        while let Some(Reverse(e)) = h.pop() {
            assert_eq!(q.pop(), Some(e));
        }
        assert_eq!(q.pop(), None);
    }
}
