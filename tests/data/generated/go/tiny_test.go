package tinybench

import (
	"sort"
	"strconv"
	"strings"
	"testing"
)

var sink int

func BenchmarkSum(b *testing.B) {
	data := make([]int, 1000)
	for i := range data {
		data[i] = i
	}
	b.SetBytes(int64(len(data) * 8))
	for i := 0; i < b.N; i++ {
		s := 0
		for _, x := range data {
			s += x
		}
		sink = s
	}
}

func BenchmarkConcat(b *testing.B) {
	for _, n := range []int{4, 64} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var sb strings.Builder
				for j := 0; j < n; j++ {
					sb.WriteString("ab")
				}
				sink = sb.Len()
			}
		})
	}
}

func BenchmarkSortCustom(b *testing.B) {
	swaps := 0
	for i := 0; i < b.N; i++ {
		xs := []int{5, 3, 9, 1, 7, 2, 8, 6, 4, 0}
		sort.Slice(xs, func(a, c int) bool { swaps++; return xs[a] < xs[c] })
	}
	b.ReportMetric(float64(swaps)/float64(b.N), "compares/op")
}

func TestNothing(t *testing.T) {}
