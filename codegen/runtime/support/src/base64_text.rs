//! `Base64`: the models' type for `format: byte`, bytes in Rust and base64 text on the wire.
//! Written here rather than taken from the `base64` crate so that an API with byte fields
//! but no webhook signatures does not pull in a dependency for twenty lines.
//!
//! Decoding is strict: an untagged union tries its variants in order, and a lenient decoder
//! would take any word or date (`2024-01-01` is made of base64 letters) as bytes before the
//! variant it is.

/// Bytes that travel as base64 text (`format: byte`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64(pub Vec<u8>);

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Which of the two alphabets a text uses, decided by its first letter that differs.
#[derive(Clone, Copy, PartialEq)]
enum Alphabet {
    Unknown,
    Standard,
    UrlSafe,
}

impl Base64 {
    /// The standard base64 text of the bytes, with padding.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(self.0.len().div_ceil(3) * 4);
        for chunk in self.0.chunks(3) {
            let bits = chunk
                .iter()
                .enumerate()
                .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(STANDARD[(bits >> (18 - 6 * i)) as usize & 63]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// The bytes of base64 text: the standard or the URL-safe alphabet (not both), with its
    /// padding or none, and nothing left in the bits after the last byte, as an encoder
    /// writes it. `None` for any other text.
    pub fn decode(text: &str) -> Option<Self> {
        let data = text.trim_end_matches('=');
        let padding = text.len() - data.len();
        // Padded text comes in whole groups of four, with at most two `=`; one letter
        // left over carries no whole byte in any form.
        if padding > 2 || (padding > 0 && text.len() % 4 != 0) || data.len() % 4 == 1 {
            return None;
        }
        let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
        let (mut bits, mut count) = (0u32, 0);
        let mut alphabet = Alphabet::Unknown;
        for c in data.bytes() {
            let (value, used) = match c {
                b'A'..=b'Z' => (c - b'A', Alphabet::Unknown),
                b'a'..=b'z' => (c - b'a' + 26, Alphabet::Unknown),
                b'0'..=b'9' => (c - b'0' + 52, Alphabet::Unknown),
                b'+' => (62, Alphabet::Standard),
                b'/' => (63, Alphabet::Standard),
                b'-' => (62, Alphabet::UrlSafe),
                b'_' => (63, Alphabet::UrlSafe),
                _ => return None,
            };
            if used != Alphabet::Unknown {
                if alphabet != Alphabet::Unknown && alphabet != used {
                    return None;
                }
                alphabet = used;
            }
            bits = (bits << 6 | u32::from(value)) & 0xFFFF;
            count += 6;
            if count >= 8 {
                count -= 8;
                out.push((bits >> count) as u8);
            }
        }
        // The bits after the last whole byte are zero in what an encoder writes.
        if bits & ((1 << count) - 1) != 0 {
            return None;
        }
        Some(Base64(out))
    }
}

impl serde::Serialize for Base64 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> serde::Deserialize<'de> for Base64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Base64::decode(&text).ok_or_else(|| serde::de::Error::custom("not base64 text"))
    }
}

#[cfg(test)]
mod tests {
    use super::Base64;

    fn bytes(text: &str) -> Option<Vec<u8>> {
        Base64::decode(text).map(|b| b.0)
    }

    #[test]
    fn encodes_and_decodes_every_length() {
        for len in 0..=12 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 250) as u8).collect();
            let text = Base64(data.clone()).encode();
            assert_eq!(text.len() % 4, 0, "{text}");
            assert_eq!(bytes(&text), Some(data.clone()), "{text}");
            assert_eq!(
                bytes(text.trim_end_matches('=')),
                Some(data),
                "unpadded {text}"
            );
        }
    }

    #[test]
    fn reads_known_text_in_both_alphabets() {
        assert_eq!(bytes("aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(bytes("+/+/"), Some(vec![0xfb, 0xff, 0xbf]));
        assert_eq!(bytes("-_-_"), Some(vec![0xfb, 0xff, 0xbf]));
        assert_eq!(bytes(""), Some(vec![]));
    }

    #[test]
    fn refuses_what_no_encoder_writes() {
        // Dates and words made of base64 letters: trailing bits set, or a lone letter.
        for text in [
            "2024-01-01",
            "2024-01-10",
            "hello",
            "a",
            "abcde",
            "aGVsbG9=",
            "YR==",
        ] {
            assert_eq!(bytes(text), None, "{text}");
        }
        assert_eq!(
            bytes("YQ"),
            Some(b"a".to_vec()),
            "the same letters with the bits clear"
        );
        // Mixed alphabets, bad padding, other characters.
        for text in [
            "+-AA",
            "/_AA",
            "YQ===",
            "YQ=",
            "Y===",
            "aGVs bG8=",
            "aGVsbG8=\n",
            "é",
        ] {
            assert_eq!(bytes(text), None, "{text}");
        }
    }

    #[test]
    fn round_trips_through_serde() {
        let value: Base64 = serde_json::from_str("\"aGk=\"").unwrap();
        assert_eq!(value.0, b"hi");
        assert_eq!(serde_json::to_string(&value).unwrap(), "\"aGk=\"");
        assert!(serde_json::from_str::<Base64>("\"2024-01-01\"").is_err());
    }
}
