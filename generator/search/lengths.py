"""Stage 5c: the pages' word counts in the joined ``.pf_meta``, rounded to :data:`BITS` significant bits.

Pagefind's ranking (BM25) uses a page's word count only against the average: a long page's matches weigh a little
less. Exact counts (226–3,400 words at 10,000 entries, 1,756 different values) do not compress well in the meta
every search fetches first; rounded to 6 significant bits (at most 1/64 = 1.6 % off, 111 different values) they do:
the meta 47.7 → 34.2 KB, the first query at 10,000 entries 160.5 → 147.3 KB gzipped. The ranking's worst change,
measured on 17 queries with results at 10,000 entries (the first 100 results of each): a score moved by at most
0.48 %, and two results swapped places only when their scores were within 0.78 % of each other (README, «Issue 22 at
10,000 entries»). 7 bits would leave about 149.8 KB, too near the bar; 5 bits would double the error for 1.8 KB.
"""

from __future__ import annotations

BITS = 6


def rounded(count: int, bits: int = BITS) -> int:
    """``count`` to its ``bits`` leading binary digits, the rest rounded half up: 1303 → 1312, 63 → 63."""
    if count < 0:
        raise ValueError(count)
    dropped = count.bit_length() - bits
    if dropped <= 0:
        return count
    return ((count + (1 << (dropped - 1))) >> dropped) << dropped
