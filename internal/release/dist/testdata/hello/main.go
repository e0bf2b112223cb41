// Command hello stands in for prefect-tui in dist's tests: it prints what the linker
// flags set.
package main

import "fmt"

var version, commit, date string

func main() { fmt.Println(version, commit, date) }
