//! Complaint references and progress codes.
//!
//! Rules and decisions:
//! - A [`Reference`] looks like `SU-7K3M-9QX2` and a [`ProgressCode`] like
//!   `4K7M-2QXA`. Both are 8 symbols of Crockford base32
//!   (`0123456789ABCDEFGHJKMNPQRSTVWXYZ`: no I, L, O or U, so nothing looks
//!   like something else), made from 40 bits, so each is one of about
//!   1.1 trillion values.
//! - This module is pure: the bits come from the caller, which must take them
//!   from a cryptographically secure random source (the server's CSPRNG). Then
//!   references are not sequential and cannot be guessed. The encoding is
//!   one-to-one, so different bytes always give different codes; the caller
//!   still checks for a clash with an existing reference before storing.
//! - The progress code is a separate secret from the reference: knowing a
//!   reference alone must not be enough to see a complaint's progress.
//! - Parsing is forgiving about what a child types: spaces and dashes
//!   anywhere are ignored, lower case is fine, O is read as 0 and I or L as 1
//!   (Crockford decoding), and a reference may be typed with or without the
//!   `SU` prefix. Anything else is refused with an error whose `message()` is
//!   written for a young reader.
//! - Serde reads and writes both types as plain strings, and checks them on
//!   the way in (with the same forgiving parser).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The Crockford base32 alphabet: every symbol stands for 5 bits.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// What every reference starts with.
const PREFIX: &str = "SU";

/// A complaint reference such as `SU-7K3M-9QX2`, always in this canonical
/// form.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reference(String);

/// A secret progress code such as `4K7M-2QXA`, always in this canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProgressCode(String);

/// Why some typed text is not a reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferenceError {
    /// Nothing was typed (or only spaces and dashes).
    Empty,
    /// Not 8 letters and numbers after the `SU`.
    WrongLength,
    /// A character that is never in a reference, such as U or `#`.
    InvalidCharacter(char),
}

/// Why some typed text is not a progress code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressCodeError {
    /// Nothing was typed (or only spaces and dashes).
    Empty,
    /// Not 8 letters and numbers.
    WrongLength,
    /// A character that is never in a code, such as U or `#`.
    InvalidCharacter(char),
    /// The reference (`SU-…`) was typed where the code should go.
    LooksLikeReference,
}

/// Builds a reference from 40 random bits. `bytes` must come from a CSPRNG.
pub fn reference_from_bytes(bytes: [u8; 5]) -> Reference {
    Reference(format!("{PREFIX}-{}", grouped(&encode(bytes))))
}

/// Builds a progress code from 40 random bits. `bytes` must come from a
/// CSPRNG, separately from the reference's.
pub fn progress_code_from_bytes(bytes: [u8; 5]) -> ProgressCode {
    ProgressCode(grouped(&encode(bytes)))
}

impl Reference {
    /// Reads a reference as a person might type it, e.g. `su 7k3m 9qx2` or
    /// `7K3M9QX2`, and returns it in canonical form.
    pub fn parse(input: &str) -> Result<Self, ReferenceError> {
        let cleaned = clean(input);
        if cleaned.is_empty() {
            return Err(ReferenceError::Empty);
        }
        // U is never a symbol, so a leading "SU" can only be the prefix.
        let symbols = cleaned.strip_prefix(PREFIX).unwrap_or(&cleaned);
        match decode(symbols) {
            Ok(symbols) => Ok(Self(format!("{PREFIX}-{}", grouped(&symbols)))),
            Err(Problem::WrongLength) => Err(ReferenceError::WrongLength),
            Err(Problem::InvalidCharacter(c)) => Err(ReferenceError::InvalidCharacter(c)),
        }
    }

    /// The canonical text, like `SU-7K3M-9QX2`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ProgressCode {
    /// Reads a progress code as a person might type it, e.g. `4k7m 2qxa`,
    /// and returns it in canonical form.
    pub fn parse(input: &str) -> Result<Self, ProgressCodeError> {
        let cleaned = clean(input);
        if cleaned.is_empty() {
            return Err(ProgressCodeError::Empty);
        }
        if cleaned.starts_with(PREFIX) {
            return Err(ProgressCodeError::LooksLikeReference);
        }
        match decode(&cleaned) {
            Ok(symbols) => Ok(Self(grouped(&symbols))),
            Err(Problem::WrongLength) => Err(ProgressCodeError::WrongLength),
            Err(Problem::InvalidCharacter(c)) => Err(ProgressCodeError::InvalidCharacter(c)),
        }
    }

    /// The canonical text, like `4K7M-2QXA`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ReferenceError {
    /// What to tell the person, in plain words.
    pub fn message(&self) -> &'static str {
        match self {
            Self::Empty => "Enter your reference.",
            Self::WrongLength => "Your reference should look like SU-7K3M-9QX2.",
            Self::InvalidCharacter(_) => {
                "Your reference has a letter or sign in it that we do not use. \
                 It should look like SU-7K3M-9QX2."
            }
        }
    }
}

impl ProgressCodeError {
    /// What to tell the person, in plain words.
    pub fn message(&self) -> &'static str {
        match self {
            Self::Empty => "Enter your code.",
            Self::WrongLength => "Your code should have 8 letters and numbers, like 4K7M-2QXA.",
            Self::InvalidCharacter(_) => {
                "Your code has a letter or sign in it that we do not use. \
                 It should look like 4K7M-2QXA."
            }
            Self::LooksLikeReference => {
                "That looks like your reference. Enter your code instead. \
                 It looks like 4K7M-2QXA."
            }
        }
    }
}

/// Why some cleaned text is not 8 symbols.
enum Problem {
    WrongLength,
    InvalidCharacter(char),
}

/// Drops spaces and dashes (including the long dashes phones put in) and
/// makes letters upper case.
fn clean(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '−'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Reads 8 upper-case symbols, mapping O to 0 and I or L to 1. A bad
/// character is reported before a wrong length.
fn decode(cleaned: &str) -> Result<[u8; 8], Problem> {
    let symbols = cleaned
        .chars()
        .map(|c| match c {
            'O' => Ok(b'0'),
            'I' | 'L' => Ok(b'1'),
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => Ok(c as u8),
            c => Err(Problem::InvalidCharacter(c)),
        })
        .collect::<Result<Vec<u8>, Problem>>()?;
    symbols.try_into().map_err(|_| Problem::WrongLength)
}

/// 40 bits, most significant first, as 8 five-bit symbols.
fn encode(bytes: [u8; 5]) -> [u8; 8] {
    let mut bits = bytes
        .iter()
        .fold(0_u64, |acc, &b| (acc << 8) | u64::from(b));
    let mut symbols = [0_u8; 8];
    for symbol in symbols.iter_mut().rev() {
        *symbol = ALPHABET[(bits & 0b1_1111) as usize];
        bits >>= 5;
    }
    symbols
}

/// `XXXX-XXXX` from 8 symbols (all ASCII).
fn grouped(symbols: &[u8; 8]) -> String {
    let text = |part: &[u8]| part.iter().map(|&b| char::from(b)).collect::<String>();
    format!("{}-{}", text(&symbols[..4]), text(&symbols[4..]))
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for ProgressCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl fmt::Display for ProgressCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for ReferenceError {}
impl std::error::Error for ProgressCodeError {}

impl FromStr for Reference {
    type Err = ReferenceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl FromStr for ProgressCode {
    type Err = ProgressCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Reference {
    type Error = ReferenceError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl TryFrom<String> for ProgressCode {
    type Error = ProgressCodeError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Reference> for String {
    fn from(r: Reference) -> Self {
        r.0
    }
}

impl From<ProgressCode> for String {
    fn from(c: ProgressCode) -> Self {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::value::{Error as DeError, StringDeserializer};
    use serde::de::IntoDeserializer;
    use std::collections::HashSet;

    fn is_canonical_symbol(c: char) -> bool {
        c.is_ascii() && ALPHABET.contains(&(c as u8))
    }

    #[test]
    fn reference_format() {
        let r = reference_from_bytes([0x3a, 0x91, 0x07, 0xfe, 0x55]);
        let s = r.as_str();
        assert_eq!(s.len(), 12);
        assert!(s.starts_with("SU-"));
        assert_eq!(&s[7..8], "-");
        assert!(s[3..7]
            .chars()
            .chain(s[8..].chars())
            .all(is_canonical_symbol));
        assert_eq!(r.to_string(), s);
    }

    #[test]
    fn progress_code_format() {
        let c = progress_code_from_bytes([0x3a, 0x91, 0x07, 0xfe, 0x55]);
        let s = c.as_str();
        assert_eq!(s.len(), 9);
        assert_eq!(&s[4..5], "-");
        assert!(s[..4]
            .chars()
            .chain(s[5..].chars())
            .all(is_canonical_symbol));
        assert_eq!(c.to_string(), s);
    }

    #[test]
    fn known_encodings() {
        assert_eq!(reference_from_bytes([0; 5]).as_str(), "SU-0000-0000");
        assert_eq!(reference_from_bytes([0xff; 5]).as_str(), "SU-ZZZZ-ZZZZ");
        assert_eq!(
            reference_from_bytes([0, 0, 0, 0, 1]).as_str(),
            "SU-0000-0001"
        );
        assert_eq!(
            reference_from_bytes([0x80, 0, 0, 0, 0]).as_str(),
            "SU-G000-0000"
        );
        assert_eq!(
            progress_code_from_bytes([0, 0, 0, 0, 31]).as_str(),
            "0000-000Z"
        );
        assert_eq!(
            progress_code_from_bytes([0, 0, 0, 0, 32]).as_str(),
            "0000-0010"
        );
    }

    #[test]
    fn round_trips() {
        for seed in 0..500_u64 {
            let n = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let bytes: [u8; 5] = n.to_be_bytes()[..5].try_into().unwrap();
            let r = reference_from_bytes(bytes);
            assert_eq!(Reference::parse(r.as_str()), Ok(r.clone()));
            assert_eq!(r.to_string().parse::<Reference>(), Ok(r));
            let c = progress_code_from_bytes(bytes);
            assert_eq!(ProgressCode::parse(c.as_str()), Ok(c));
        }
    }

    #[test]
    fn reference_normalisation() {
        let want = Reference::parse("SU-7K3M-9QX2").unwrap();
        assert_eq!(want.as_str(), "SU-7K3M-9QX2");
        for typed in [
            "su-7k3m-9qx2",
            "  SU 7K3M 9QX2  ",
            "7K3M9QX2",
            "7k3m-9qx2",
            "S-U-7-K-3-M-9-Q-X-2",
            "SU–7K3M–9QX2", // en dashes
            "SU7K3M9QX2",
        ] {
            assert_eq!(Reference::parse(typed).as_ref(), Ok(&want), "{typed:?}");
        }
        // O is read as 0, I and L as 1.
        assert_eq!(
            Reference::parse("su-oo1i-l000").unwrap().as_str(),
            "SU-0011-1000"
        );
    }

    #[test]
    fn progress_code_normalisation() {
        let want = ProgressCode::parse("4K7M-2QXA").unwrap();
        for typed in ["4k7m2qxa", " 4K7M 2QXA ", "4-K-7-M-2-Q-X-A"] {
            assert_eq!(ProgressCode::parse(typed).as_ref(), Ok(&want), "{typed:?}");
        }
        assert_eq!(
            ProgressCode::parse("oiLo-0000").unwrap().as_str(),
            "0110-0000"
        );
    }

    #[test]
    fn reference_rejections() {
        use ReferenceError::*;
        assert_eq!(Reference::parse(""), Err(Empty));
        assert_eq!(Reference::parse("   "), Err(Empty));
        assert_eq!(Reference::parse(" - -"), Err(Empty));
        assert_eq!(Reference::parse("SU"), Err(WrongLength));
        assert_eq!(Reference::parse("SU-7K3M-9QX"), Err(WrongLength));
        assert_eq!(Reference::parse("SU-7K3M-9QX22"), Err(WrongLength));
        assert_eq!(Reference::parse("SU-7K3U-9QX2"), Err(InvalidCharacter('U')));
        assert_eq!(Reference::parse("SU-7K3M-9QX#"), Err(InvalidCharacter('#')));
        assert_eq!(Reference::parse("SU-7K3M-9QXé"), Err(InvalidCharacter('é')));
        assert_eq!(Reference::parse("XX-7K3M-9QX2"), Err(WrongLength));
    }

    #[test]
    fn progress_code_rejections() {
        use ProgressCodeError::*;
        assert_eq!(ProgressCode::parse(""), Err(Empty));
        assert_eq!(ProgressCode::parse("4K7M"), Err(WrongLength));
        assert_eq!(ProgressCode::parse("4K7M-2QXA-1"), Err(WrongLength));
        assert_eq!(ProgressCode::parse("4K7M-2QXU"), Err(InvalidCharacter('U')));
        assert_eq!(ProgressCode::parse("4K7M.2QXA"), Err(InvalidCharacter('.')));
        assert_eq!(ProgressCode::parse("su-7k3m-9qx2"), Err(LooksLikeReference));
    }

    #[test]
    fn messages_are_plain_and_their_examples_are_valid() {
        assert_eq!(ReferenceError::Empty.message(), "Enter your reference.");
        assert_eq!(
            ProgressCodeError::WrongLength.message(),
            "Your code should have 8 letters and numbers, like 4K7M-2QXA."
        );
        assert_eq!(
            ReferenceError::WrongLength.to_string(),
            ReferenceError::WrongLength.message()
        );
        assert!(Reference::parse("SU-7K3M-9QX2").is_ok());
        assert!(ProgressCode::parse("4K7M-2QXA").is_ok());
    }

    #[test]
    fn ten_thousand_inputs_give_ten_thousand_references() {
        let references: HashSet<Reference> = (0..10_000_u64)
            .map(|i| {
                let n = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 24;
                reference_from_bytes(n.to_be_bytes()[3..].try_into().unwrap())
            })
            .collect();
        assert_eq!(references.len(), 10_000);
        // Neighbouring inputs too.
        let neighbours: HashSet<Reference> = (0..10_000_u64)
            .map(|i| reference_from_bytes(i.to_be_bytes()[3..].try_into().unwrap()))
            .collect();
        assert_eq!(neighbours.len(), 10_000);
    }

    #[test]
    fn serde_reads_and_checks_plain_strings() {
        let de: StringDeserializer<DeError> = "su 7k3m 9qx2".to_string().into_deserializer();
        assert_eq!(Reference::deserialize(de).unwrap().as_str(), "SU-7K3M-9QX2");
        let de: StringDeserializer<DeError> = "SU-UUUU-0000".to_string().into_deserializer();
        assert!(Reference::deserialize(de).is_err());
        let de: StringDeserializer<DeError> = "4k7m2qxa".to_string().into_deserializer();
        assert_eq!(ProgressCode::deserialize(de).unwrap().as_str(), "4K7M-2QXA");
        assert_eq!(
            String::from(reference_from_bytes([0; 5])),
            "SU-0000-0000".to_string()
        );
    }
}
