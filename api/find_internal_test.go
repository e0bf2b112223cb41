package api

import "testing"

func TestIDRange(t *testing.T) {
	for in, want := range map[string][2]string{
		"01a243cf":                             {"01a243cf-0000-0000-0000-000000000000", "01a243cf-ffff-ffff-ffff-ffffffffffff"},
		"01A243CF-50":                          {"01a243cf-5000-0000-0000-000000000000", "01a243cf-50ff-ffff-ffff-ffffffffffff"},
		"01a243cf501a":                         {"01a243cf-501a-0000-0000-000000000000", "01a243cf-501a-ffff-ffff-ffffffffffff"},
		"01a243cf-501a-7000-8000-00005659d2d0": {"01a243cf-501a-7000-8000-00005659d2d0", "01a243cf-501a-7000-8000-00005659d2d0"},
	} {
		lo, hi, ok := idRange(in)
		if !ok || lo != want[0] || hi != want[1] {
			t.Errorf("idRange(%q) = %q %q %v", in, lo, hi, ok)
		}
	}
	for _, in := range []string{"able-otter", "01a2-", "0-1", "", "01a243cf-501a-7000-8000-00005659d2d00", "g1"} {
		if _, _, ok := idRange(in); ok {
			t.Errorf("idRange(%q) accepted", in)
		}
	}
}
