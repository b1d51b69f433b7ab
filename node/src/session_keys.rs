//! `ivf-node session-keys`: what a clinic submits with `session.setKeys`, read from its node's
//! keystore, so that no unsafe RPC (`author_rotateKeys`) is ever needed.
//!
//! The clinic inserts its Aura (`aura`, sr25519) and GRANDPA (`gran`, ed25519) keys into its
//! node's keystore with `ivf-node key insert`, then runs this command with its account as
//! `--owner`. It prints the SCALE-encoded session keys and the proof that the owner holds them:
//! each key's signature of `POP_` followed by the owner's account, which `session.setKeys`
//! checks, so that no clinic can claim another node's keys. Only public keys and signatures
//! are printed; the secrets stay in the keystore.

use codec::Encode;
use ivf_runtime::{AccountId, SessionKeys};
use sc_cli::{Error, KeystoreParams, SharedParams, SubstrateCli};
use sc_keystore::LocalKeystore;
use sc_service::{config::KeystoreConfig, BasePath};
use sp_core::{
	crypto::{key_types, Ss58Codec},
	proof_of_possession::statement_of_ownership,
};
use sp_keystore::Keystore;

/// Prints the session keys in a node's keystore, with their proof of possession for `--owner`.
#[derive(Debug, clap::Parser)]
pub struct SessionKeysCmd {
	/// The clinic's account (SS58) that will sign `session.setKeys`.
	#[arg(long, value_name = "ACCOUNT")]
	pub owner: String,

	#[allow(missing_docs)]
	#[clap(flatten)]
	pub shared_params: SharedParams,

	#[allow(missing_docs)]
	#[clap(flatten)]
	pub keystore_params: KeystoreParams,
}

impl SessionKeysCmd {
	/// Reads the keys, signs the statement of ownership, and prints `{"keys", "proof"}`.
	pub fn run<C: SubstrateCli>(&self, cli: &C) -> Result<(), Error> {
		let owner = AccountId::from_ss58check(&self.owner)
			.map_err(|error| Error::Input(format!("--owner is not an SS58 account: {error:?}")))?;
		let base_path = self
			.shared_params
			.base_path()?
			.unwrap_or_else(|| BasePath::from_project("", "", &C::executable_name()));
		let chain_spec =
			cli.load_spec(&self.shared_params.chain_id(self.shared_params.is_dev()))?;
		let config_dir = base_path.config_dir(chain_spec.id());
		let KeystoreConfig::Path { path, password } =
			self.keystore_params.keystore_config(&config_dir)?
		else {
			return Err(Error::Input("the keystore must be a local path".into()));
		};
		let keystore = LocalKeystore::open(path, password)?;

		let aura = only_key(keystore.sr25519_public_keys(key_types::AURA), "aura")?;
		let grandpa = only_key(keystore.ed25519_public_keys(key_types::GRANDPA), "gran")?;
		let statement = statement_of_ownership(&owner.encode());
		let signing_failed =
			|what: &str| Error::Input(format!("the keystore cannot sign with its {what} key"));
		let aura_proof = keystore
			.sr25519_sign(key_types::AURA, &aura, &statement)
			.map_err(|error| Error::Input(error.to_string()))?
			.ok_or_else(|| signing_failed("aura"))?;
		let grandpa_proof = keystore
			.ed25519_sign(key_types::GRANDPA, &grandpa, &statement)
			.map_err(|error| Error::Input(error.to_string()))?
			.ok_or_else(|| signing_failed("gran"))?;

		let keys = SessionKeys { aura: aura.into(), grandpa: grandpa.into() };
		let answer = serde_json::json!({
			"owner": owner.to_ss58check(),
			"keys": sp_core::bytes::to_hex(&keys.encode(), false),
			"proof": sp_core::bytes::to_hex(&(aura_proof, grandpa_proof).encode(), false),
		});
		println!("{answer}");
		Ok(())
	}
}

/// The one key of `key_type` in the keystore: none or several is an error that says which.
fn only_key<K: Clone + core::fmt::Debug>(keys: Vec<K>, key_type: &str) -> Result<K, Error> {
	match keys.as_slice() {
		[key] => Ok(key.clone()),
		[] => Err(Error::Input(format!(
			"the keystore holds no {key_type} key: insert it with `ivf-node key insert --key-type {key_type}`"
		))),
		_ => Err(Error::Input(format!(
			"the keystore holds {} {key_type} keys: keep only the node's own",
			keys.len()
		))),
	}
}
