// Package authres parses the header fields in which receivers record what
// they concluded about a message: Authentication-Results (RFC 8601),
// ARC-Authentication-Results (RFC 8617 section 4.1.1), Microsoft's
// X-MS-Exchange-Authentication-Results (the same grammar) and Received-SPF
// (RFC 7208 section 9.1), and explains each method, result word and
// property with the RFC that defines it (RFC 8601, RFC 7601, RFC 8617,
// RFC 7489, RFC 6008, RFC 7208).
//
// The parsers are written for real headers, not only conforming ones:
// comments may appear anywhere and may hold ";" and "=", the authserv-id
// may be missing, and a malformed result is reported as a Problem with its
// byte offset while the results after it still parse. Every piece keeps its
// raw text and its byte offset in the field value, so that a renderer can
// point at it. The parsers never fail and run in time linear in the input.
//
// Data flow: Parse, ParseARC and ParseReceivedSPF take one field value
// (the bytes after the colon, folded as received) and return a Header or
// ReceivedSPF that holds the results and Problems; they do no I/O. recheck
// calls them for every result field of a message, received for the client
// IP the topmost one names (Result.ClientIP), arc for each
// ARC-Authentication-Results, and render calls the Explain functions to
// word a method, result or property.
package authres

import (
	"fmt"
	"strings"
)

// Problem is a malformed part of a field value. Parsing went on after it.
type Problem struct {
	// Offset is the byte offset in the field value where the fault was
	// found.
	Offset int
	// Text says what was expected there.
	Text string
}

// Error returns the problem in the house error form, for example
// `authres: offset 42: expected "=" after method "dkim"`.
func (p Problem) Error() string {
	return fmt.Sprintf("authres: offset %d: %s", p.Offset, p.Text)
}

// Header is one parsed Authentication-Results (or ARC-Authentication-Results,
// or X-MS-Exchange-Authentication-Results) field value.
type Header struct {
	// AuthServID names the host or ADMD that wrote the field (RFC 8601
	// section 2.5). It is empty when the writer left it out, as Microsoft
	// does; quoted-string ids are unquoted.
	AuthServID string
	// AuthServIDOffset is the byte offset of the authserv-id as written,
	// or -1 when there is none.
	AuthServIDOffset int
	// Version is the authres-version after the authserv-id (RFC 8601
	// section 2.6), empty when absent (which means version 1).
	Version string
	// Comments are the comments outside any result (after the
	// authserv-id, or between a ";" and the next method), unfolded and
	// without their parentheses.
	Comments []string
	// None is true when the field says "none": no method was evaluated
	// (RFC 8601 section 2.2, no-result).
	None bool
	// Results are the resinfo entries in the order written, at most
	// MaxKept; Omitted counts the well-formed ones after them, not kept.
	Results []Result
	Omitted int
	// Problems are the malformed parts, in order of offset.
	Problems []Problem
	// Decoded is true when the whole value was RFC 2047 encoded-words
	// (Microsoft 365 writes it so when it holds non-ASCII text) and was
	// decoded before parsing; Raw and every offset then refer to the
	// decoded text.
	Decoded bool

	// pendingFrom is Yahoo's "from=" waiting for the result it precedes.
	pendingFrom *Property
	// Raw is the whole field value as given to the parser and Offset is 0;
	// for ParseARC, Raw still includes the "i=N;" prefix.
	Raw    string
	Offset int
}

// Result is one resinfo: a method, its result and the properties that say
// what was evaluated (RFC 8601 section 2.2).
type Result struct {
	// Method is the method name in lower case ("dkim", "spf", "x-foo").
	Method string
	// MethodVersion is the version after "/" ("dkim/1"), empty if absent.
	MethodVersion string
	// Value is the result word in lower case ("pass", "fail").
	Value string
	// Reason is the reason= text, unquoted (RFC 8601 section 2.2,
	// reasonspec), empty if absent.
	Reason string
	// Properties are the ptype.property=value pairs in the order written.
	Properties []Property
	// Comments are the comments in the resinfo not attached to a
	// property, without their parentheses ("2048-bit key; unprotected key").
	Comments []string
	// Raw is the resinfo as written, from the method to its last
	// character before the ";" that ends it, and Offset where it starts.
	Raw    string
	Offset int
}

// Property is one ptype.property=value pair of a resinfo (RFC 8601
// section 2.3).
type Property struct {
	// Type is the ptype in lower case ("smtp", "header", "body",
	// "policy", or any other). It is empty for a bare name=value that is
	// not in RFC 8601 syntax, as Microsoft writes "action=none".
	Type string
	// Name is the property in lower case ("mailfrom", "d").
	Name string
	// Value is the value, unquoted if it was a quoted-string.
	Value string
	// Comment is the first comment right after the value, without its
	// parentheses, as pypolicyd-spf writes "smtp.mailfrom=example.com
	// (client-ip=192.0.2.1; helo=...)".
	Comment string
	// Raw is "ptype.property=value" as written and Offset where it starts.
	Raw    string
	Offset int
}

// Key returns "ptype.property", or the bare name when there is no ptype.
func (p Property) Key() string {
	if p.Type == "" {
		return p.Name
	}
	return p.Type + "." + p.Name
}

// Lookup returns the first property whose key ("header.d", or a bare name
// like "action") matches key, ignoring case.
func (r Result) Lookup(key string) (Property, bool) {
	for _, p := range r.Properties {
		if strings.EqualFold(p.Key(), key) {
			return p, true
		}
	}
	return Property{}, false
}

// Prop returns the value of the first property named key ("header.d"), or
// "" when there is none.
func (r Result) Prop(key string) string {
	p, _ := r.Lookup(key)
	return p.Value
}

// ResultsFor returns the results of one method ("dkim"), ignoring case, in
// the order written.
func (h *Header) ResultsFor(method string) []Result {
	var out []Result
	for _, r := range h.Results {
		if strings.EqualFold(r.Method, method) {
			out = append(out, r)
		}
	}
	return out
}
