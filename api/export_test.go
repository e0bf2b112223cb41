package api_test

import "net"

var netDNSError = net.DNSError{Err: "no such host", Name: "nohost.invalid", IsNotFound: true}
