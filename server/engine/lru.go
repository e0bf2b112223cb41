package engine

import lru "github.com/hashicorp/golang-lru/v2"

// newLRU is a cache of at most size entries, the least recently used evicted first
// (size is one of the package's positive constants: lru.New fails only for size <= 0).
func newLRU[K comparable, V any](size int) *lru.Cache[K, V] {
	c, err := lru.New[K, V](size)
	if err != nil {
		panic(err)
	}
	return c
}
