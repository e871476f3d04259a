#!/usr/bin/perl
# Signs one message with Mail::DKIM::Signer (Debian's libmail-dkim-perl), an
# independent DKIM signer used for headerscope's fixtures.
#
#   perl mail_dkim_sign.pl KEYFILE DOMAIN SELECTOR METHOD ALGORITHM TIMESTAMP [EXPIRATION] < in.eml > out.eml
#
# METHOD is relaxed/relaxed etc., ALGORITHM rsa-sha256 or ed25519-sha256,
# TIMESTAMP the t= value (Unix seconds), EXPIRATION the x= value or 0 for none.
# Input must use CRLF line ends; the output is the message with the new
# DKIM-Signature field on top.
use strict;
use warnings;
use Mail::DKIM::Signer;
use Mail::DKIM::TextWrap;

my ($keyfile, $domain, $selector, $method, $alg, $ts, $exp) = @ARGV;
die "usage: $0 KEYFILE DOMAIN SELECTOR METHOD ALGORITHM TIMESTAMP [EXPIRATION]\n" unless defined $ts;
binmode STDIN; binmode STDOUT;
my $msg = do { local $/; <STDIN> };

# Timestamp/Expiration are honoured only when the Signer builds the signature
# itself (not when Signatures => [...] is given).
my $signer = Mail::DKIM::Signer->new(
    Algorithm => $alg, Method => $method, Domain => $domain, Selector => $selector,
    KeyFile => $keyfile, Timestamp => $ts, ($exp ? (Expiration => $exp) : ()),
);
$signer->PRINT($msg);
$signer->CLOSE;
print $signer->signature->as_string . "\r\n" . $msg;
