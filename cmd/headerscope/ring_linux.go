package main

import "syscall"

// adviseHuge asks Linux to back b with transparent huge pages where it
// can: the ring is written from end to end again and again, and a fault
// per 2 MB instead of per 4 KB page makes the first round cheaper. It is
// advice; an error (THP off) changes nothing.
func adviseHuge(b []byte) {
	if len(b) >= 4<<20 {
		_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	}
}
