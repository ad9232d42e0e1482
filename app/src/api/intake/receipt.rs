//! The confirmation page's receipt (ssr only): the reference, the secret progress code and a
//! copy of what was sent, sealed with a key derived from the sender's own draft cookie.
//!
//! The database keeps only the sealed bytes, for [`crate::api::state::RECEIPT_WINDOW`] at most,
//! and hands them out once (`Store::take_receipt`). Without the cookie (which only the sender's
//! browser has, and which ends when the page is shown) nobody can open it: not a copy of the
//! database, not the next person on the device.

use crate::api::error::ApiError;
use crate::domain::submission::Kind;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What the confirmation page needs, once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub reference: String,
    pub progress_code: String,
    pub kind: Kind,
    pub received_at: DateTime<Utc>,
    pub wants_advocate: bool,
    pub no_contact: bool,
    /// Each question and its answer, for the copy to keep.
    pub copy: Vec<(String, String)>,
}

fn key(token: &str) -> Key {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"speak-up receipt v1\0");
    h.update(token.as_bytes());
    h.finalize()
}

/// Seals a receipt with the draft cookie's token: random nonce, then the ciphertext.
pub fn seal(token: &str, receipt: &Receipt) -> Result<Vec<u8>, ApiError> {
    let cipher = ChaCha20Poly1305::new(&key(token));
    let nonce_bytes = crate::api::state::random_bytes::<12>()?;
    let plain = serde_json::to_vec(receipt).map_err(|_| ApiError::unavailable())?;
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce_bytes), plain.as_slice())
        .map_err(|_| ApiError::unavailable())?;
    let mut out = nonce_bytes.to_vec();
    out.extend(sealed);
    Ok(out)
}

/// Opens a sealed receipt; `None` if the token is not the one it was sealed with.
pub fn open(token: &str, sealed: &[u8]) -> Option<Receipt> {
    if sealed.len() < 12 {
        return None;
    }
    let (nonce, body) = sealed.split_at(12);
    let plain = ChaCha20Poly1305::new(&key(token))
        .decrypt(Nonce::from_slice(nonce), body)
        .ok()?;
    serde_json::from_slice(&plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt() -> Receipt {
        Receipt {
            reference: "SU-AAAA-AAAA".into(),
            progress_code: "ABCD-EFGH".into(),
            kind: Kind::Complaint,
            received_at: DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
            wants_advocate: false,
            no_contact: false,
            copy: vec![("What happened?".into(), "the words".into())],
        }
    }

    #[test]
    fn only_the_same_token_opens_it_and_the_bytes_hide_the_words() {
        let sealed = seal("token-one", &receipt()).unwrap();
        assert!(!String::from_utf8_lossy(&sealed).contains("the words"));
        assert!(!String::from_utf8_lossy(&sealed).contains("ABCD"));
        assert_eq!(open("token-one", &sealed), Some(receipt()));
        assert_eq!(open("token-two", &sealed), None);
        assert_eq!(open("token-one", &sealed[..5]), None);
    }
}
