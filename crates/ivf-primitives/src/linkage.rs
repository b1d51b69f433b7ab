//! Consortium donor linkage ids: the same person registered by two banks gets the same id.
//!
//! Per-clinic salted [`Pseudonym`](crate::Pseudonym)s keep clinics from linking records, which
//! is right for patients and defeats donor limits: a donor registered by two banks must be
//! counted once (docs/domain.md, "Linking the same donor across banks"). Every member clinic
//! derives a donor's linkage id from the donor's identity attributes, normalised by the rules
//! below, with HMAC-SHA-256 (RFC 2104) under the consortium's linkage key. The members share
//! the key off chain; the chain never sees it, and it sees no attribute, only the id.
//!
//! HMAC-SHA-256 rather than keyed BLAKE2: every clinic system can compute it with its
//! language's standard library (Python `hmac`, Node `crypto.createHmac`, Java `Mac`), so a
//! bank's own registry software derives the same id as `ivf-node donor-linkage-id`.
//!
//! ## What is hashed (version 1)
//!
//! The message is UTF-8 text, its fields joined by `|` (which normalisation never leaves in a
//! field):
//!
//! - with a national identifier (use it wherever the donor's country issues one):
//!   `ivf-donor-linkage/v1|national|<country>|<identifier>`, where `<country>` is the issuing
//!   country (ISO 3166-1 alpha-2, upper case) and `<identifier>` keeps only the letters and
//!   digits of the identifier, upper case, diacritics removed (`AB 12 34 56 C` and
//!   `ab123456c` are the same identifier);
//! - otherwise: `ivf-donor-linkage/v1|name|<country>|<name>|<birth date>|<birth place>`, where
//!   `<country>` is the country of birth, `<birth date>` is `YYYY-MM-DD`, and `<name>` (all
//!   given names and family names, in the order of the identity document) and `<birth place>`
//!   are [`normalise_text`]: decomposed (Unicode NFKD), diacritics dropped, a few letters
//!   without a decomposition spelt out (`ß` → `ss`, `æ` → `ae`, `ø` → `o`, `ł` → `l`, ...),
//!   lower case, every run of other characters (spaces, hyphens, apostrophes, dots) one space,
//!   trimmed. `José-María  O'Connor` and `jose maria o connor` are the same name.
//!
//! The two forms give different ids for one person, so the consortium uses the national form
//! for every donor whose country issues identifiers, and the name form only for the others.
//!
//! ## The key
//!
//! At least 32 random bytes, written as hex in a file readable by the clinic's registry staff
//! only. Who holds it, how it is handed to a new member and rotated, and what a leaked key
//! exposes: docs/domain.md, "Linking the same donor across banks".

use alloc::{string::String, vec::Vec};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// A donor's consortium linkage id: `HMAC-SHA-256(linkage key, normalised attributes)`.
pub type LinkageId = [u8; 32];

/// The domain tag and version that start every message, so that a later change of the rules
/// gives new ids rather than colliding with these.
pub const DOMAIN_TAG: &str = "ivf-donor-linkage/v1";

/// The fewest key bytes accepted: HMAC-SHA-256 is as strong as its key up to 32 bytes.
pub const MIN_KEY_BYTES: usize = 32;

/// The identity attributes a linkage id is derived from.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum DonorIdentity {
	/// A national identifier and its issuing country.
	National {
		/// The issuing country, ISO 3166-1 alpha-2 (`GB`).
		country: String,
		/// The identifier as written on the document.
		identifier: String,
	},
	/// Name, date and place of birth, for a donor whose country issues no identifier.
	Birth {
		/// The country of birth, ISO 3166-1 alpha-2.
		country: String,
		/// Every given and family name, in the document's order.
		name: String,
		/// `YYYY-MM-DD`.
		birth_date: String,
		/// The place of birth (town or municipality).
		birth_place: String,
	},
}

/// Why attributes or a key cannot give a linkage id.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum LinkageError {
	/// The key is shorter than [`MIN_KEY_BYTES`].
	KeyTooShort,
	/// The country is not two letters (ISO 3166-1 alpha-2).
	MalformedCountry,
	/// The birth date is not a `YYYY-MM-DD` date.
	MalformedBirthDate,
	/// A field is empty once normalised (no letter or digit in it).
	EmptyField(&'static str),
}

impl core::fmt::Display for LinkageError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::KeyTooShort => {
				write!(f, "the linkage key must have at least {MIN_KEY_BYTES} bytes")
			},
			Self::MalformedCountry => {
				write!(f, "the country must be two letters (ISO 3166-1 alpha-2, e.g. GB)")
			},
			Self::MalformedBirthDate => {
				write!(f, "the birth date must be a date written YYYY-MM-DD")
			},
			Self::EmptyField(field) => write!(f, "{field} has no letter or digit once normalised"),
		}
	}
}

/// Letters that NFKD does not decompose into a base letter and a mark, spelt out as their
/// usual ASCII transliteration.
fn spelt_out(c: char) -> Option<&'static str> {
	Some(match c {
		'ß' | 'ẞ' => "ss",
		'æ' | 'Æ' => "ae",
		'œ' | 'Œ' => "oe",
		'ø' | 'Ø' => "o",
		'ł' | 'Ł' => "l",
		'đ' | 'Đ' | 'ð' | 'Ð' => "d",
		'þ' | 'Þ' => "th",
		'ı' => "i",
		_ => return None,
	})
}

/// Letters and digits only, without diacritics, lower case; every run of anything else is
/// one space, and the ends are trimmed.
pub fn normalise_text(text: &str) -> String {
	fn push(c: char, gap: &mut bool, out: &mut String) {
		if *gap && !out.is_empty() {
			out.push(' ');
		}
		*gap = false;
		out.extend(c.to_lowercase());
	}
	let mut out = String::new();
	let mut gap = false;
	for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
		if let Some(spelling) = spelt_out(c) {
			spelling.chars().for_each(|s| push(s, &mut gap, &mut out));
		} else if c.is_alphanumeric() {
			push(c, &mut gap, &mut out);
		} else {
			gap = true;
		}
	}
	out
}

/// A national identifier: its letters and digits, upper case, without diacritics.
pub fn normalise_identifier(identifier: &str) -> String {
	normalise_text(identifier)
		.chars()
		.filter(|c| !c.is_whitespace())
		.flat_map(char::to_uppercase)
		.collect()
}

fn normalise_country(country: &str) -> Result<String, LinkageError> {
	let code: String = country.trim().chars().flat_map(char::to_uppercase).collect();
	if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
		Ok(code)
	} else {
		Err(LinkageError::MalformedCountry)
	}
}

fn normalise_birth_date(date: &str) -> Result<String, LinkageError> {
	let date = date.trim();
	let bytes = date.as_bytes();
	let digits = |range: core::ops::Range<usize>| {
		bytes
			.get(range)
			.filter(|part| part.iter().all(u8::is_ascii_digit))
			.and_then(|part| core::str::from_utf8(part).ok()?.parse::<u32>().ok())
	};
	let well_formed = bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-';
	match (well_formed, digits(0..4), digits(5..7), digits(8..10)) {
		(true, Some(year), Some(month), Some(day))
			if year >= 1900
				&& (1..=12).contains(&month)
				&& (1..=days_in(year, month)).contains(&day) =>
		{
			Ok(String::from(date))
		},
		_ => Err(LinkageError::MalformedBirthDate),
	}
}

fn days_in(year: u32, month: u32) -> u32 {
	match month {
		4 | 6 | 9 | 11 => 30,
		2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
			29
		},
		2 => 28,
		_ => 31,
	}
}

fn non_empty(field: &'static str, value: String) -> Result<String, LinkageError> {
	if value.is_empty() {
		Err(LinkageError::EmptyField(field))
	} else {
		Ok(value)
	}
}

/// The message that is hashed for `identity`: the normalised attributes (see the module docs).
pub fn normalised_message(identity: &DonorIdentity) -> Result<String, LinkageError> {
	let fields: Vec<String> = match identity {
		DonorIdentity::National { country, identifier } => [
			"national".into(),
			normalise_country(country)?,
			non_empty("the national identifier", normalise_identifier(identifier))?,
		]
		.into(),
		DonorIdentity::Birth { country, name, birth_date, birth_place } => [
			"name".into(),
			normalise_country(country)?,
			non_empty("the name", normalise_text(name))?,
			normalise_birth_date(birth_date)?,
			non_empty("the birth place", normalise_text(birth_place))?,
		]
		.into(),
	};
	let mut message = String::from(DOMAIN_TAG);
	for field in fields {
		message.push('|');
		message.push_str(&field);
	}
	Ok(message)
}

/// The donor's linkage id under the consortium's `key`.
pub fn linkage_id(key: &[u8], identity: &DonorIdentity) -> Result<LinkageId, LinkageError> {
	if key.len() < MIN_KEY_BYTES {
		return Err(LinkageError::KeyTooShort);
	}
	let message = normalised_message(identity)?;
	let mut mac = Hmac::<Sha256>::new_from_slice(key).map_err(|_| LinkageError::KeyTooShort)?;
	mac.update(message.as_bytes());
	Ok(mac.finalize().into_bytes().into())
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The key of the test vectors: bytes 0x00, 0x01, ..., 0x1f.
	fn key() -> Vec<u8> {
		(0u8..32).collect()
	}

	fn hex(bytes: &[u8]) -> String {
		bytes.iter().map(|b| alloc::format!("{b:02x}")).collect()
	}

	fn national(country: &str, identifier: &str) -> DonorIdentity {
		DonorIdentity::National { country: country.into(), identifier: identifier.into() }
	}

	fn birth(country: &str, name: &str, date: &str, place: &str) -> DonorIdentity {
		DonorIdentity::Birth {
			country: country.into(),
			name: name.into(),
			birth_date: date.into(),
			birth_place: place.into(),
		}
	}

	#[test]
	fn hmac_sha256_matches_rfc_4231_test_case_2() {
		// Key "Jefe", data "what do ya want for nothing?": the primitive itself, before the
		// key-length rule of linkage ids.
		let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").expect("any key length");
		mac.update(b"what do ya want for nothing?");
		assert_eq!(
			hex(&mac.finalize().into_bytes()),
			"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
		);
	}

	/// Test vectors for other implementations: the message and the id under [`key`], computed
	/// apart with Python's standard library
	/// (`hmac.new(bytes(range(32)), message.encode(), "sha256").hexdigest()`).
	#[test]
	fn test_vectors() {
		let cases = [
			(
				national("GB", "AB 12 34 56 C"),
				"ivf-donor-linkage/v1|national|GB|AB123456C",
				"7ec06653e41e7b9ad0ba17e387283d5d318a8849aa3dbf359b924ad63dbbee18",
			),
			(
				birth("ES", "José-María  García O'Connor", "1990-04-17", "Sevilla"),
				"ivf-donor-linkage/v1|name|ES|jose maria garcia o connor|1990-04-17|sevilla",
				"21f617df6555610c8bd68064a31e0f66acf859e517321fa0ad7f13147e3fb748",
			),
		];
		for (identity, message, id) in cases {
			assert_eq!(normalised_message(&identity).as_deref(), Ok(message));
			assert_eq!(linkage_id(&key(), &identity).map(|id| hex(&id)).as_deref(), Ok(id));
		}
	}

	#[test]
	fn one_person_written_two_ways_gets_one_id() {
		let key = key();
		assert_eq!(
			linkage_id(&key, &national("gb", " ab123456c ")),
			linkage_id(&key, &national("GB", "AB-12-34-56-C"))
		);
		assert_eq!(
			linkage_id(&key, &birth("DK", "Søren Kierkegaard", "1990-05-05", "København")),
			linkage_id(&key, &birth("dk", "SOREN  KIERKEGAARD", "1990-05-05", "kobenhavn"))
		);
		assert_eq!(normalise_text("Straße Łódź Æsir"), "strasse lodz aesir");
	}

	#[test]
	fn another_person_country_form_or_key_gets_another_id() {
		let key = key();
		let id = linkage_id(&key, &national("GB", "AB123456C")).expect("derives");
		assert_ne!(linkage_id(&key, &national("GB", "AB123456D")), Ok(id));
		assert_ne!(linkage_id(&key, &national("IE", "AB123456C")), Ok(id));
		let other_key: Vec<u8> = (1u8..33).collect();
		assert_ne!(linkage_id(&other_key, &national("GB", "AB123456C")), Ok(id));
	}

	#[test]
	fn malformed_attributes_and_short_keys_are_refused() {
		let key = key();
		assert_eq!(linkage_id(&key[..31], &national("GB", "1")), Err(LinkageError::KeyTooShort));
		assert_eq!(linkage_id(&key, &national("GBR", "1")), Err(LinkageError::MalformedCountry));
		assert_eq!(
			linkage_id(&key, &national("GB", " - ")),
			Err(LinkageError::EmptyField("the national identifier"))
		);
		for date in ["1990-02-30", "17/04/1990", "1990-4-17", "1890-01-01", "1990-13-01"] {
			assert_eq!(
				linkage_id(&key, &birth("ES", "Ana", date, "Sevilla")),
				Err(LinkageError::MalformedBirthDate),
				"{date}"
			);
		}
		assert!(linkage_id(&key, &birth("ES", "Ana", "2000-02-29", "Sevilla")).is_ok());
	}
}
