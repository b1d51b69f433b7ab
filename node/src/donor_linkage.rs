//! `ivf-node donor-linkage-id`: a donor's consortium linkage id, the key under which
//! `donorMatching.registerDonor` registers them, derived from the donor's identity attributes
//! and the consortium's linkage key (`ivf_primitives::linkage`: HMAC-SHA-256 of the
//! normalised attributes).
//!
//! Two banks that run it on the same person's attributes, written however each bank's records
//! spell them, print the same id, so the registry counts the donor once. The key is read from
//! a file, never from the command line; only the id is printed (and, with
//! `--show-normalised`, the normalised attributes, on standard error, so that two banks can
//! compare how they wrote a person without sending each other anything else).

use ivf_primitives::linkage::{self, DonorIdentity, LinkageError};
use std::path::PathBuf;

/// Prints a donor's consortium linkage id (`0x` and 64 hex digits).
#[derive(Debug, clap::Parser)]
#[command(group(clap::ArgGroup::new("identity").required(true).args(["national_id", "name"])))]
pub struct DonorLinkageCmd {
	/// The consortium's linkage key: a file holding at least 32 bytes as hex (`openssl rand
	/// -hex 32`), readable by the bank's registry staff only.
	#[arg(long, value_name = "FILE")]
	pub key_file: PathBuf,

	/// The donor's national identifier, as written on the document (spaces, dashes and case do
	/// not matter). Use it wherever the donor's country issues one.
	#[arg(long, value_name = "ID", conflicts_with_all = ["name", "birth_date", "birth_place"])]
	pub national_id: Option<String>,

	/// With `--national-id`, the issuing country; otherwise the country of birth (ISO 3166-1
	/// alpha-2, e.g. `GB`).
	#[arg(long, value_name = "CC")]
	pub country: String,

	/// For a donor whose country issues no identifier: every given and family name, in the
	/// identity document's order.
	#[arg(long, requires_all = ["birth_date", "birth_place"])]
	pub name: Option<String>,

	/// The date of birth, `YYYY-MM-DD`.
	#[arg(long, value_name = "YYYY-MM-DD")]
	pub birth_date: Option<String>,

	/// The place of birth (town or municipality).
	#[arg(long, value_name = "PLACE")]
	pub birth_place: Option<String>,

	/// Also print the normalised attributes that are hashed, on standard error.
	#[arg(long)]
	pub show_normalised: bool,
}

/// Why no id is printed.
#[derive(Debug)]
pub enum DonorLinkageError {
	/// The key file cannot be read.
	KeyFile(PathBuf, std::io::Error),
	/// The key file is not hex.
	KeyNotHex(PathBuf),
	/// The attributes or the key are refused.
	Linkage(LinkageError),
}

impl std::fmt::Display for DonorLinkageError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::KeyFile(path, error) => {
				write!(f, "cannot read the linkage key file {}: {error}", path.display())
			},
			Self::KeyNotHex(path) => write!(
				f,
				"the linkage key file {} does not hold hex digits (write it with `openssl rand -hex 32`)",
				path.display()
			),
			Self::Linkage(error) => write!(f, "{error}"),
		}
	}
}

impl DonorLinkageCmd {
	/// The identity the arguments describe.
	fn identity(&self) -> DonorIdentity {
		match &self.national_id {
			Some(identifier) => DonorIdentity::National {
				country: self.country.clone(),
				identifier: identifier.clone(),
			},
			None => DonorIdentity::Birth {
				country: self.country.clone(),
				name: self.name.clone().unwrap_or_default(),
				birth_date: self.birth_date.clone().unwrap_or_default(),
				birth_place: self.birth_place.clone().unwrap_or_default(),
			},
		}
	}

	/// The key from `--key-file`.
	fn key(&self) -> Result<Vec<u8>, DonorLinkageError> {
		let text = std::fs::read_to_string(&self.key_file)
			.map_err(|error| DonorLinkageError::KeyFile(self.key_file.clone(), error))?;
		sp_core::bytes::from_hex(text.trim())
			.map_err(|_| DonorLinkageError::KeyNotHex(self.key_file.clone()))
	}

	/// The linkage id, as `0x` and 64 hex digits.
	pub fn linkage_id(&self) -> Result<String, DonorLinkageError> {
		let identity = self.identity();
		let id =
			linkage::linkage_id(&self.key()?, &identity).map_err(DonorLinkageError::Linkage)?;
		if self.show_normalised {
			let message =
				linkage::normalised_message(&identity).map_err(DonorLinkageError::Linkage)?;
			eprintln!("{message}");
		}
		Ok(sp_core::bytes::to_hex(&id, false))
	}

	/// Prints the id, or the reason there is none, and exits 1 on error.
	pub fn run(&self) -> sc_cli::Result<()> {
		match self.linkage_id() {
			Ok(id) => {
				println!("{id}");
				Ok(())
			},
			Err(error) => {
				eprintln!("Error: {error}");
				std::process::exit(1)
			},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::Parser;

	#[derive(Debug, clap::Parser)]
	struct Command {
		#[command(flatten)]
		cmd: DonorLinkageCmd,
	}

	fn parse(args: &[&str]) -> Result<DonorLinkageCmd, clap::Error> {
		Command::try_parse_from(["donor-linkage-id"].iter().chain(args)).map(|c| c.cmd)
	}

	fn key_file() -> (tempfile_dir::Dir, String) {
		let dir = tempfile_dir::Dir::new();
		let path = dir.path().join("linkage.key");
		// The test vectors' key: bytes 0x00 to 0x1f.
		let key: String = (0u8..32).map(|b| format!("{b:02x}")).collect();
		std::fs::write(&path, format!("{key}\n")).expect("writes the key");
		(dir, path.display().to_string())
	}

	/// A directory removed when dropped, without a crate for it.
	mod tempfile_dir {
		pub struct Dir(std::path::PathBuf);
		impl Dir {
			pub fn new() -> Self {
				let path = std::env::temp_dir().join(format!(
					"ivf-linkage-{}-{:?}",
					std::process::id(),
					std::thread::current().id()
				));
				std::fs::create_dir_all(&path).expect("creates a temporary directory");
				Self(path)
			}
			pub fn path(&self) -> &std::path::Path {
				&self.0
			}
		}
		impl Drop for Dir {
			fn drop(&mut self) {
				let _ = std::fs::remove_dir_all(&self.0);
			}
		}
	}

	#[test]
	fn prints_the_test_vector_id_for_the_same_person_written_two_ways() {
		let (_dir, key) = key_file();
		let expected = "0x7ec06653e41e7b9ad0ba17e387283d5d318a8849aa3dbf359b924ad63dbbee18";
		for (id, country) in [("AB 12 34 56 C", "GB"), ("ab-123456-c", "gb")] {
			let cmd = parse(&["--key-file", &key, "--national-id", id, "--country", country])
				.expect("parses");
			assert_eq!(cmd.linkage_id().expect("derives"), expected);
		}
	}

	#[test]
	fn needs_one_identity_form_complete() {
		let (_dir, key) = key_file();
		assert!(parse(&["--key-file", &key, "--country", "GB"]).is_err(), "no identity");
		assert!(
			parse(&["--key-file", &key, "--country", "ES", "--name", "Ana"]).is_err(),
			"a name needs the birth date and place"
		);
		assert!(
			parse(&["--key-file", &key, "--country", "ES", "--national-id", "1", "--name", "Ana"])
				.is_err(),
			"one form only"
		);
		let cmd = parse(&[
			"--key-file",
			&key,
			"--country",
			"ES",
			"--name",
			"José-María  García O'Connor",
			"--birth-date",
			"1990-04-17",
			"--birth-place",
			"Sevilla",
		])
		.expect("parses");
		assert_eq!(
			cmd.linkage_id().expect("derives"),
			"0x21f617df6555610c8bd68064a31e0f66acf859e517321fa0ad7f13147e3fb748"
		);
	}

	#[test]
	fn refuses_a_missing_short_or_malformed_key() {
		let (dir, key) = key_file();
		let short = dir.path().join("short.key");
		std::fs::write(&short, "00112233").expect("writes");
		let not_hex = dir.path().join("not-hex.key");
		std::fs::write(&not_hex, "the consortium's secret").expect("writes");
		let missing = dir.path().join("missing.key");
		for (path, expected) in [
			(short, "at least 32 bytes"),
			(not_hex, "does not hold hex digits"),
			(missing, "cannot read the linkage key file"),
		] {
			let path = path.display().to_string();
			let cmd = parse(&["--key-file", &path, "--national-id", "1", "--country", "GB"])
				.expect("parses");
			let error = cmd.linkage_id().expect_err("refused").to_string();
			assert!(error.contains(expected), "{error}");
		}
		let cmd =
			parse(&["--key-file", &key, "--national-id", "1", "--country", "GBR"]).expect("parses");
		assert!(cmd.linkage_id().expect_err("refused").to_string().contains("two letters"));
	}
}
