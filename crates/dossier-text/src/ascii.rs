//! Eight bytes at a time: where a run of ASCII letters (or letters and digits) ends, and
//! where the next of a few given bytes is.
//!
//! Tokenising, the trigger scan and sentence splitting all walked text byte by byte, with
//! a test and a branch per byte. Classifying eight bytes with a few integer operations and
//! taking the first byte that ends the run (its trailing zero count) does a word of news
//! text in one or two steps. (For words already begun, as in the entity scanner, the
//! byte-by-byte table loop stayed cheaper: callgrind counts more instructions there.)
//! The sentence splitter and the quotation scanner, which skip long stretches to a few
//! stop bytes, use `memchr`'s vector search instead.
//!
//! The masks are exact, not approximations: every byte is classified within its own eight
//! bits (the additions below never carry into the next byte), so the result is the same
//! as `is_ascii_alphabetic` / `is_ascii_alphanumeric` byte by byte (tested over every byte
//! value in every position).

const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// A word with every byte `x`.
const fn splat(x: u8) -> u64 {
    u64::from_ne_bytes([x; 8])
}

/// The high bit of each byte of `x` (little-endian: byte 0 is the first in the text) set
/// where that byte is an ASCII letter.
#[inline]
fn letters(x: u64) -> u64 {
    // Lowercase and drop the high bit: a byte is then 0..=0x7f, and adding at most 0x1f
    // stays within it (no carry across bytes).
    let y = (x | splat(0x20)) & LOW7;
    let at_least_a = y + splat(0x80 - b'a');
    let past_z = y + splat(0x80 - b'z' - 1);
    at_least_a & !past_z & !x & HIGH
}

/// As [`letters`], for ASCII digits.
#[inline]
fn digits(x: u64) -> u64 {
    let y = x & LOW7;
    let at_least_0 = y + splat(0x80 - b'0');
    let past_9 = y + splat(0x80 - b'9' - 1);
    at_least_0 & !past_9 & !x & HIGH
}

/// The eight bytes at `i`, if there are eight.
#[inline]
fn eight_at(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(i..i + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The index of the first byte whose high bit is set in `mask` (which has one).
#[inline]
fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// Where the run of ASCII letters starting at `from` ends (`from` itself if none is there).
#[inline]
pub fn letter_run_end(bytes: &[u8], from: usize) -> usize {
    run_end(bytes, from, letters, u8::is_ascii_alphabetic)
}

/// Where the run of ASCII letters and digits starting at `from` ends.
#[inline]
pub fn alphanumeric_run_end(bytes: &[u8], from: usize) -> usize {
    run_end(
        bytes,
        from,
        |x| letters(x) | digits(x),
        u8::is_ascii_alphanumeric,
    )
}

/// Where the run of ASCII digits starting at `from` ends.
#[inline]
pub fn digit_run_end(bytes: &[u8], from: usize) -> usize {
    run_end(bytes, from, digits, u8::is_ascii_digit)
}

/// Where the run of bytes in a class starting at `from` ends: eight bytes at a time by
/// `in_class` (the high bit of each byte set where it belongs), then byte by byte by
/// `byte_in_class` for the last few.
#[inline(always)]
fn run_end(
    bytes: &[u8],
    from: usize,
    in_class: impl Fn(u64) -> u64,
    byte_in_class: impl Fn(&u8) -> bool,
) -> usize {
    let mut i = from;
    while let Some(x) = eight_at(bytes, i) {
        let stop = !in_class(x) & HIGH;
        if stop != 0 {
            return i + first(stop);
        }
        i += 8;
    }
    while i < bytes.len() && byte_in_class(&bytes[i]) {
        i += 1;
    }
    i
}

/// Where bytes of `x` equal `v`, for [`skip_to_any`]: the high bit of a byte is set where
/// the byte is `v`, and may also be set in bytes after one that is (a borrow carries past a
/// zero byte of `x ^ v`): exact up to and including the first match, which is all a search
/// for the first match reads. (The fully exact test costs two operations more per stop
/// byte, and this test is run for every eight bytes of text.)
#[inline]
fn equal_bytes_up_to_first(x: u64, v: u8) -> u64 {
    let t = x ^ splat(v);
    t.wrapping_sub(splat(1)) & !t
}

/// Skips bytes of `bytes[from..until]` other than `stops` eight at a time: returns the
/// first stop byte's index, or, if there is none in the stretch it looked at, where fewer
/// than eight bytes are left before `until` (the caller goes on byte by byte from there).
#[inline]
pub fn skip_to_any<const N: usize>(
    bytes: &[u8],
    from: usize,
    until: usize,
    stops: [u8; N],
) -> usize {
    let mut i = from;
    while i + 8 <= until {
        let Some(x) = eight_at(bytes, i) else { break };
        // The lowest match of any stop byte is exact in its own mask, and no mask has a
        // spurious bit below its own first match: the lowest bit of the union is exact.
        let found = stops
            .iter()
            .fold(0, |m, &v| m | equal_bytes_up_to_first(x, v))
            & HIGH;
        if found != 0 {
            return i + first(found);
        }
        i += 8;
    }
    i
}

/// The index of the first byte at or after `from` that is not ASCII (the end if none).
#[inline]
pub fn next_non_ascii(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(x) = eight_at(bytes, i) {
        let high = x & HIGH;
        if high != 0 {
            return i + first(high);
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i].is_ascii() {
        i += 1;
    }
    i
}

/// The index of the first byte of `bytes[from..to]` that is one of `stops`, if any.
#[inline]
pub fn find_any<const N: usize>(
    bytes: &[u8],
    from: usize,
    to: usize,
    stops: [u8; N],
) -> Option<usize> {
    let to = to.min(bytes.len());
    let mut i = skip_to_any(bytes, from, to, stops);
    while i < to {
        if stops.contains(&bytes[i]) {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward scans these replace.
    fn run_end(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
        let mut i = from;
        while i < bytes.len() && keep(bytes[i]) {
            i += 1;
        }
        i
    }

    fn check(bytes: &[u8]) {
        for from in 0..=bytes.len() {
            assert_eq!(
                letter_run_end(bytes, from),
                run_end(bytes, from, |b| b.is_ascii_alphabetic()),
                "{bytes:?} {from}"
            );
            assert_eq!(
                alphanumeric_run_end(bytes, from),
                run_end(bytes, from, |b| b.is_ascii_alphanumeric()),
                "{bytes:?} {from}"
            );
            assert_eq!(
                next_non_ascii(bytes, from),
                run_end(bytes, from, |b| b.is_ascii()),
                "{bytes:?} {from}"
            );
            assert_eq!(
                digit_run_end(bytes, from),
                run_end(bytes, from, |b| b.is_ascii_digit()),
                "{bytes:?} {from}"
            );
        }
    }

    #[test]
    fn every_byte_value_in_every_position_as_byte_by_byte() {
        // Each byte value at each of the first 17 positions of runs of letters, digits and
        // spaces, so it is met in the eight-byte steps and in the tail.
        for fill in [b'a', b'Z', b'5', b' ', 0xC3] {
            for pos in 0..17 {
                for v in 0..=255u8 {
                    let mut bytes = vec![fill; 20];
                    bytes[pos] = v;
                    check(&bytes);
                }
            }
        }
    }

    #[test]
    fn skipping_to_stop_bytes_finds_the_first() {
        let stops = [b'\n', b'.', 0xE2];
        // One byte varied over every value and position, followed by bytes that carry a
        // borrow on (0x00, 0x01) or are stops themselves.
        for (pos, v, after) in (0..20).flat_map(|pos| {
            (0..=255u8).flat_map(move |v| [b'a', 0, 1, b'.', 0xE2].map(|a| (pos, v, a)))
        }) {
            let mut bytes = vec![b'a'; 20];
            bytes[pos] = v;
            if pos + 1 < 20 {
                bytes[pos + 1] = after;
            }
            for until in [20, 13, 8, 3] {
                let r = skip_to_any(&bytes, 0, until, stops);
                assert!(r <= until);
                assert!(!bytes[..r].iter().any(|b| stops.contains(b)));
                // Then byte by byte, as a caller does: the first stop byte before `until`.
                let mut i = r;
                while i < until && !stops.contains(&bytes[i]) {
                    i += 1;
                }
                let want = bytes[..until]
                    .iter()
                    .position(|b| stops.contains(b))
                    .unwrap_or(until);
                assert_eq!(i, want, "{pos} {v} {after} {until}");
            }
        }
    }

    #[test]
    fn find_any_finds_what_position_finds() {
        let stops = [b'"', b'\'', 0xE2, 0xC2];
        for pos in 0..20 {
            for v in 0..=255u8 {
                let mut bytes = vec![b'x'; 20];
                bytes[pos] = v;
                for (from, to) in [(0, 20), (3, 20), (0, 11), (5, 9), (9, 5), (0, 30)] {
                    let want = bytes
                        .get(from..to.min(20))
                        .and_then(|s| s.iter().position(|b| stops.contains(b)))
                        .map(|k| from + k);
                    assert_eq!(
                        find_any(&bytes, from, to, stops),
                        want,
                        "{pos} {v} {from}..{to}"
                    );
                }
            }
        }
    }

    #[test]
    fn words_of_news_text() {
        check("Kharkiv-area Gov. Oleh Syniehubov said 227th Brigade’s troops.".as_bytes());
        let t = b"the U.S. and Ukraine";
        assert_eq!(letter_run_end(t, 0), 3);
        assert_eq!(letter_run_end(t, 4), 5);
        assert_eq!(alphanumeric_run_end(b"227th Brigade", 0), 5);
        assert_eq!(digit_run_end(b"227th Brigade", 0), 3);
    }
}
