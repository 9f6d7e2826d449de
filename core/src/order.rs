//! Sorting through one copy of the standard library's sort.
//!
//! Every `sort_by` with a closure of its own is a separate copy of the standard library's
//! sort: about 4 KB of wasm each. The dashboard had 21 of them, 98 KB of its 1.75 MB of code.
//! Sorts of anything but samples go through [`sort_by`] instead: it sorts a permutation of
//! indices with a `&dyn` comparison, so one copy serves every element type and every order.
//! The indirect call costs nothing that shows at the sizes sorted this way (a comparison's
//! rows, a batch of files, change points). Samples are sorted with
//! `sort_by(f64::total_cmp)`, itself one copy wherever it is written, since the statistics sort
//! them in their inner loops.

use std::cmp::Ordering;

/// Sorts `items` by `cmp`, stably (equal items keep their order), as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = permutation(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut taken: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().map(|i| {
        taken[i]
            .take()
            .expect("a permutation names each index once")
    }));
}

/// Sorts `items` by the key `key` gives, stably, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The indices 0..n in the stable order of `cmp`: the one instantiation of the sort.
pub fn permutation(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // native oracles, not portable code
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_library_does_and_keeps_equal_items_in_order() {
        // Pairs with many equal keys: a stable sort keeps the second fields ascending.
        let items: Vec<(u32, usize)> = (0..500).map(|i| ((i * 7919 % 13) as u32, i)).collect();
        let mut ours = items.clone();
        sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
        let mut theirs = items.clone();
        theirs.sort_by_key(|a| a.0);
        assert_eq!(ours, theirs);
        let mut by_key = items;
        sort_by_key(&mut by_key, |p| std::cmp::Reverse(p.0));
        assert!(by_key
            .windows(2)
            .all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
    }

    #[test]
    fn sorts_values_that_are_not_copy_and_empty_lists() {
        let mut names: Vec<String> = ["b", "c", "a", "b"].map(String::from).to_vec();
        sort_by(&mut names, |a, b| a.cmp(b));
        assert_eq!(names, ["a", "b", "b", "c"]);
        let mut none: Vec<String> = Vec::new();
        sort_by(&mut none, |a, b| a.cmp(b));
        assert!(none.is_empty());
    }
}
