//! Bit streams carried in JavaScript strings: 15 bits per UTF-16 code unit, written as the
//! characters U+3400–U+B3FF (no quote, backslash, line break or surrogate among them), so a
//! script file saved as UTF-16 spends 16 bits for 15 bits of data (base64 in UTF-8 spends 8
//! for 6). The search index's postings and stored texts are such streams; search.js reads
//! them back with `charCodeAt(i) - 0x3400`.

/// First code unit of the alphabet.
pub const BASE: u16 = 0x3400;
/// Data bits per code unit.
const UNIT: u32 = 15;

/// Bits written most significant first; [`Writer::finish`] pads the last unit with ones (a
/// reader that is inside a unary code when the bits run out knows the stream has ended).
#[derive(Default)]
pub struct Writer {
    out: Vec<u16>,
    acc: u64,
    n: u32,
}

impl Writer {
    /// Appends the low `len` bits of `v` (len ≤ 32).
    pub fn bits(&mut self, v: u32, len: u32) {
        debug_assert!(len <= 32);
        if len == 0 {
            return;
        }
        self.acc = (self.acc << len) | u64::from(v) & ((1u64 << len) - 1);
        self.n += len;
        while self.n >= UNIT {
            self.n -= UNIT;
            self.out.push(BASE + ((self.acc >> self.n) as u16 & 0x7FFF));
        }
        self.acc &= (1u64 << self.n) - 1;
    }

    /// `q` ones and a zero.
    pub fn unary(&mut self, mut q: u32) {
        while q >= 32 {
            self.bits(u32::MAX, 32);
            q -= 32;
        }
        self.bits(((1u64 << (q + 1)) - 2) as u32, q + 1);
    }

    /// Bits written so far.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.out.len() * UNIT as usize + self.n as usize
    }

    /// The code units, the last one padded with ones.
    pub fn finish(mut self) -> Vec<u16> {
        if self.n > 0 {
            let pad = UNIT - self.n;
            self.bits((1 << pad) - 1, pad);
        }
        self.out
    }
}

/// Reads a stream written by [`Writer`] (tests and tools; search.js has its own reader).
pub struct Reader<'a> {
    units: &'a [u16],
    i: usize,
    acc: u32,
    n: u32,
}

impl<'a> Reader<'a> {
    pub fn new(units: &'a [u16]) -> Self {
        Reader {
            units,
            i: 0,
            acc: 0,
            n: 0,
        }
    }

    /// The next bit, `None` at the end.
    pub fn bit(&mut self) -> Option<u32> {
        if self.n == 0 {
            let u = *self.units.get(self.i)?;
            self.i += 1;
            self.acc = u32::from(u.wrapping_sub(BASE) & 0x7FFF);
            self.n = UNIT;
        }
        self.n -= 1;
        Some((self.acc >> self.n) & 1)
    }

    pub fn bits(&mut self, len: u32) -> Option<u32> {
        (0..len).try_fold(0u32, |v, _| Some(v << 1 | self.bit()?))
    }

    /// A unary count (ones before a zero); `None` when the stream ends first.
    pub fn unary(&mut self) -> Option<u32> {
        let mut q = 0;
        while self.bit()? == 1 {
            q += 1;
        }
        Some(q)
    }
}

/// A script file's bytes: UTF-16LE after a byte-order mark (browsers honour the mark for
/// classic scripts).
pub fn utf16_file(units: &[u16]) -> Vec<u8> {
    let mut out = Vec::with_capacity(units.len() * 2 + 2);
    out.extend_from_slice(&[0xFF, 0xFE]);
    for u in units {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

/// Code units of a file written by [`utf16_file`]; `None` without the mark.
pub fn utf16_units(bytes: &[u8]) -> Option<Vec<u16>> {
    let rest = bytes.strip_prefix(&[0xFF, 0xFE])?;
    Some(
        rest.chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_alphabet() {
        let mut w = Writer::default();
        w.bits(0b101, 3);
        w.unary(40);
        w.bits(0x7FFF_FFFF, 31);
        w.unary(0);
        let n = w.len();
        let units = w.finish();
        assert_eq!(units.len(), n.div_ceil(15));
        assert!(units.iter().all(|&u| (0x3400..=0xB3FF).contains(&u)));
        let mut r = Reader::new(&units);
        assert_eq!(r.bits(3), Some(0b101));
        assert_eq!(r.unary(), Some(40));
        assert_eq!(r.bits(31), Some(0x7FFF_FFFF));
        assert_eq!(r.unary(), Some(0));
        // Padding is ones: a unary code never completes in it.
        assert_eq!(r.unary(), None);
    }
}
