#!/usr/bin/perl
# Verifies messages with Mail::DKIM (Debian's libmail-dkim-perl) against a zone
# file instead of live DNS, with the clock pinned, to record an independent
# verdict for each fixture in testdata/expect.tsv.
#
#   perl mail_dkim_verify.pl NOW ZONEFILE FILE...           DKIM, one line per signature
#   perl mail_dkim_verify.pl --arc NOW ZONEFILE FILE...     ARC chain result, one line per file
#
# Output lines: FILE <tab> INDEX <tab> RESULT <tab> DETAIL. Bare LF line ends are
# turned into CRLF first, as Mail::DKIM's own dkimverify.pl does, because the
# library expects SMTP (CRLF) input.
#
# A TXT record whose only string is headerscope:servfail / :timeout / :refused
# is answered as that fault, as headerscope's zone resolver does.
use strict;
use warnings;

our ($NOW, $arc);
# Pin time() before Mail::DKIM is compiled, so its calls see the override.
BEGIN {
    $arc = (@ARGV && $ARGV[0] eq '--arc') ? shift @ARGV : 0;
    $NOW = shift @ARGV;
    *CORE::GLOBAL::time = sub () { $NOW };
}
my $zonefile = shift @ARGV;

use Net::DNS;
use Net::DNS::ZoneFile;
use Mail::DKIM::Verifier;
use Mail::DKIM::ARC::Verifier;

# A stand-in for Net::DNS::Resolver that answers from the zone file as a
# recursive resolver would: CNAMEs followed and included in the answer.
package ZoneResolver;
sub new {
    my ($class, $file) = @_;
    my %rr;
    for my $r (Net::DNS::ZoneFile->new($file)->read) {
        push @{ $rr{ lc $r->owner } }, $r;
    }
    return bless { rr => \%rr, err => 'NOERROR' }, $class;
}
sub errorstring { $_[0]{err} }
sub send {
    my ($self, $name, $type) = @_;
    my $pkt = Net::DNS::Packet->new($name, $type, 'IN');
    $pkt->header->qr(1);
    $pkt->header->rcode('NOERROR');
    $self->{err} = 'NOERROR';
    $name = lc $name; $name =~ s/\.$//;
    for (1 .. 10) {
        my $set = $self->{rr}{$name};
        if (!$set) { $pkt->header->rcode('NXDOMAIN'); return $pkt; }
        my ($cname) = grep { $_->type eq 'CNAME' } @$set;
        if ($cname) { $pkt->push(answer => $cname); $name = lc $cname->cname; $name =~ s/\.$//; next; }
        my @txt = grep { $_->type eq 'TXT' } @$set;
        if (@txt == 1 && join('', $txt[0]->txtdata) =~ /^headerscope:(\w+)$/) {
            my $fault = $1;
            die "query timed out\n" if $fault eq 'timeout';
            $self->{err} = uc $fault;
            $pkt->header->rcode(uc $fault);
            return $pkt;
        }
        $pkt->push(answer => $_) for grep { $_->type eq $type } @$set;
        return $pkt;
    }
    $pkt->header->rcode('SERVFAIL'); $self->{err} = 'SERVFAIL';
    return $pkt;
}

package main;
Mail::DKIM::DNS::resolver(ZoneResolver->new($zonefile));

for my $file (@ARGV) {
    open my $fh, '<:raw', $file or die "$file: $!\n";
    my $msg = do { local $/; <$fh> };
    $msg =~ s/(?<!\r)\n/\r\n/g;
    my $v = $arc ? Mail::DKIM::ARC::Verifier->new() : Mail::DKIM::Verifier->new();
    $v->PRINT($msg);
    $v->CLOSE;
    if ($arc) {
        print join("\t", $file, 0, $v->result, $v->result_detail // ''), "\n";
        next;
    }
    my $i = 0;
    for my $sig ($v->signatures) {
        my $detail = $sig->result_detail // '';
        $detail =~ s/\s+/ /g;
        print join("\t", $file, $i++, $sig->result // 'none', $detail), "\n";
    }
    print join("\t", $file, '-', 'none', 'no signatures'), "\n" if $i == 0;
}
