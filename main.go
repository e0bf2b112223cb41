// Command prefect-tui is a terminal explorer for the Prefect 1.x GraphQL API.
package main

func main() {}
