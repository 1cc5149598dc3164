//! The Mersenne Twister (MT19937), seeded and read exactly as CPython's
//! `Modules/_randommodule.c` does, so a seeded script draws the same
//! numbers under pyl and CPython.
//!
//! Matsumoto and Nishimura's generator keeps 624 32-bit words; every 624
//! draws it "twists" them all at once (`regenerate`), and each draw is a
//! word passed through a tempering step. Everything above it (`random()`,
//! `getrandbits`, `randbelow`) is built from those 32-bit draws in the
//! same order as CPython, which is what makes the sequences identical.

use num_bigint::{BigInt, BigUint};
use num_traits::ToPrimitive;

/// The number of state words.
const N: usize = 624;
/// The middle word the twist mixes in.
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// The generator's state.
pub struct MersenneTwister {
    state: [u32; N],
    /// The next word to hand out; `N` means "twist first".
    index: usize,
}

impl MersenneTwister {
    /// A generator seeded from a key of 32-bit words (`init_by_array`).
    pub fn from_key(key: &[u32]) -> MersenneTwister {
        let mut twister = MersenneTwister {
            state: [0; N],
            index: N,
        };
        twister.init_by_array(key);
        twister
    }

    /// The reference implementation's `init_genrand`.
    fn init_genrand(&mut self, seed: u32) {
        self.state[0] = seed;
        for i in 1..N {
            let previous = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(previous ^ (previous >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    /// The reference implementation's `init_by_array`; an empty key acts as `[0]`.
    fn init_by_array(&mut self, key: &[u32]) {
        let key = if key.is_empty() { &[0u32][..] } else { key };
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let previous = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (previous ^ (previous >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let previous = self.state[i - 1];
            self.state[i] = (self.state[i]
                ^ (previous ^ (previous >> 30)).wrapping_mul(1_566_083_941))
            .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        // The most significant bit is 1: the state is never all zeros.
        self.state[0] = 0x8000_0000;
    }

    /// Twists all 624 words at once.
    fn regenerate(&mut self) {
        let mix = |upper: u32, lower: u32, far: u32| {
            let y = (upper & UPPER_MASK) | (lower & LOWER_MASK);
            far ^ (y >> 1) ^ if y & 1 == 1 { MATRIX_A } else { 0 }
        };
        for k in 0..N {
            let next = self.state[(k + 1) % N];
            self.state[k] = mix(self.state[k], next, self.state[(k + M) % N]);
        }
        self.index = 0;
    }

    /// The 624 state words and the position of the next one, as
    /// `random.getstate()` shows them.
    pub fn words(&self) -> (&[u32; N], usize) {
        (&self.state, self.index)
    }

    /// A generator resumed from `words` (`random.setstate`); `None` when
    /// there are not 624 words or the position is past them.
    pub fn from_words(words: &[u32], index: usize) -> Option<MersenneTwister> {
        let state: [u32; N] = words.try_into().ok()?;
        (index <= N).then_some(MersenneTwister { state, index })
    }

    /// The next 32 random bits (`genrand_uint32`).
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.regenerate();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random()`: a float in [0, 1) with all 53 bits random (`genrand_res53`).
    pub fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for `k <= 64`: 32-bit draws, least significant first,
    /// the last one shifted down to the bits still wanted.
    pub fn bits_u64(&mut self, k: u32) -> u64 {
        match k {
            0 => 0,
            1..=32 => (self.next_u32() >> (32 - k)) as u64,
            _ => {
                let low = self.next_u32() as u64;
                let high = (self.next_u32() >> (64 - k)) as u64;
                low | high << 32
            }
        }
    }

    /// `getrandbits(k)` for any `k`, as CPython fills its word array.
    pub fn bits(&mut self, k: u64) -> BigUint {
        if k <= 64 {
            return BigUint::from(self.bits_u64(k as u32));
        }
        let mut words = Vec::with_capacity(k.div_ceil(32) as usize);
        let mut left = k;
        while left > 0 {
            let word = self.next_u32();
            words.push(if left < 32 { word >> (32 - left) } else { word });
            left = left.saturating_sub(32);
        }
        BigUint::from_slice(&words)
    }

    /// A uniform int in [0, n) for n > 0 (`_randbelow_with_getrandbits`):
    /// draw `n.bit_length()` bits until the result is below n.
    pub fn below_u64(&mut self, n: u64) -> u64 {
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.bits_u64(k);
            if r < n {
                return r;
            }
        }
    }

    /// `below_u64` for an int of any size.
    pub fn below(&mut self, n: &BigInt) -> BigInt {
        if let Some(small) = n.to_u64() {
            return BigInt::from(self.below_u64(small));
        }
        let k = n.bits();
        loop {
            let r = BigInt::from(self.bits(k));
            if &r < n {
                return r;
            }
        }
    }
}

/// The key `seed(n)` uses: |n| as 32-bit words, least significant first.
pub fn key_of(n: &BigInt) -> Vec<u32> {
    n.magnitude().to_u32_digits()
}

#[cfg(test)]
mod tests {
    use super::MersenneTwister;

    #[test]
    fn reference_output_for_the_standard_key() {
        // The first output of mt19937ar.c's own test, key {0x123, 0x234, 0x345, 0x456}.
        let mut twister = MersenneTwister::from_key(&[0x123, 0x234, 0x345, 0x456]);
        assert_eq!(twister.next_u32(), 1_067_595_299);
    }
}
