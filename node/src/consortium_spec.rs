//! `ivf-node consortium-spec`: a consortium's own chain spec, from a file that lists its
//! clinics' names, countries and public keys, with no development key and no sudo key.
//!
//! The file (JSON):
//!
//! ```json
//! {
//!   "name": "IVF Consortium Europe",
//!   "id": "ivf_consortium_europe",
//!   "bootNodes": ["/dns/node.clinic-gb.example/tcp/30333/p2p/12D3KooW..."],
//!   "sessionLength": 1200,
//!   "blockTime": 6000,
//!   "clinics": [
//!     { "name": "London Fertility Centre", "jurisdiction": "GB",
//!       "account": "5F...", "aura": "5F...", "grandpa": "5G...",
//!       "node": "12D3KooW..." }
//!   ],
//!   "members": [
//!     ["5H...", { "researcher": { "affiliation": { "clinic": "5F..." } } }],
//!     ["5D...", "auditor"]
//!   ]
//! }
//! ```
//!
//! Every clinic becomes an authority (Aura `aura`, sr25519; GRANDPA `grandpa`, ed25519, set as
//! its session keys), a funded account and a seat on the council, and its node (`node`, the
//! peer id that `ivf-node key inspect-node-key` prints) is on the network's allow-list: only
//! the nodes of members sync. `members` (researchers and auditors, as the consortium pallet's
//! genesis config writes them) are admitted too. Each key is given in SS58, as `ivf-node key
//! inspect` prints it: the secrets stay at the clinics. `sessionLength` (blocks; an hour if
//! left out) is how often the authority set follows the active clinics. `blockTime`
//! (milliseconds, even; three seconds if left out, one at the least) is the Aura slot, fixed for
//! the chain's life: a consortium of clinics far apart may want longer blocks.

use crate::chain_spec::{properties, wasm_binary, ChainSpec};
use ivf_runtime::{
	genesis_config_presets::{consortium_genesis, consortium_local_clinics, ClinicGenesis},
	AccountId,
};
use pallet_consortium::{Affiliation, Role};
use sc_service::{config::MultiaddrWithPeerId, ChainType};
use sp_core::{crypto::Ss58Codec, ed25519, sr25519};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use std::{collections::BTreeSet, path::PathBuf, str::FromStr};

/// Builds a consortium's own chain spec from the file that describes it.
#[derive(Debug, clap::Parser)]
pub struct ConsortiumSpecCmd {
	/// The consortium's description (JSON): its name and id, its clinics with their public
	/// keys, its other first members, its boot nodes.
	#[arg(long, value_name = "FILE")]
	pub consortium: PathBuf,

	/// Write the raw chain spec (the genesis as storage), which every node starts from.
	#[arg(long)]
	pub raw: bool,

	/// Where to write the chain spec; standard output if not given.
	#[arg(long, value_name = "FILE")]
	pub output: Option<PathBuf>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ConsortiumFile {
	name: String,
	id: String,
	clinics: Vec<ClinicEntry>,
	#[serde(default)]
	members: Vec<(String, Role<String, String>)>,
	#[serde(default)]
	boot_nodes: Vec<String>,
	#[serde(default)]
	session_length: Option<u32>,
	#[serde(default)]
	block_time: Option<u64>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ClinicEntry {
	name: String,
	jurisdiction: String,
	account: String,
	aura: String,
	grandpa: String,
	node: String,
}

impl ConsortiumSpecCmd {
	/// Reads the file, checks it, and writes the chain spec.
	pub fn run(&self) -> Result<(), String> {
		let path = self.consortium.display();
		let text = std::fs::read_to_string(&self.consortium)
			.map_err(|error| format!("cannot read {path}: {error}"))?;
		let file: ConsortiumFile =
			serde_json::from_str(&text).map_err(|error| format!("{path}: {error}"))?;
		let spec = build(file).map_err(|error| format!("{path}: {error}"))?;
		let json = spec.as_json(self.raw)?;
		match &self.output {
			Some(output) => std::fs::write(output, json)
				.map_err(|error| format!("cannot write {}: {error}", output.display())),
			None => {
				println!("{json}");
				Ok(())
			},
		}
	}
}

/// The chain spec of a checked consortium file.
fn build(file: ConsortiumFile) -> Result<ChainSpec, String> {
	if file.clinics.is_empty() {
		return Err("a consortium needs at least one clinic".into());
	}
	// Two clinics never share an account or a node key; one clinic may use one key for both.
	let (mut accounts, mut auras, mut grandpas, mut nodes) =
		(BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
	let mut clinics = Vec::with_capacity(file.clinics.len());
	for entry in &file.clinics {
		let clinic = clinic(entry).map_err(|error| format!("clinic '{}': {error}", entry.name))?;
		if !accounts.insert(clinic.account.clone())
			|| !auras.insert(clinic.aura.clone())
			|| !grandpas.insert(clinic.grandpa.clone())
			|| !nodes.insert(clinic.node.clone())
		{
			return Err(format!("clinic '{}': an account or key of another clinic", entry.name));
		}
		clinics.push(clinic);
	}
	let session_length = session_length(&file)?;
	let block_time = block_time(&file)?;
	let mut others = Vec::with_capacity(file.members.len());
	for (account, role) in file.members {
		let who = account_id(&account).map_err(|error| format!("member {account}: {error}"))?;
		if !accounts.insert(who.clone()) {
			return Err(format!("member {account}: the account is listed twice"));
		}
		let role = match role {
			Role::Clinic { .. } => {
				return Err(format!("member {account}: clinics belong in \"clinics\", with keys"))
			},
			Role::Researcher { affiliation: Affiliation::Clinic(clinic) } => Role::Researcher {
				affiliation: Affiliation::Clinic(
					account_id(&clinic).map_err(|error| format!("member {account}: {error}"))?,
				),
			},
			Role::Researcher { affiliation: Affiliation::Institution(name) } => {
				Role::Researcher { affiliation: Affiliation::Institution(name) }
			},
			Role::Auditor => Role::Auditor,
		};
		others.push((who, role));
	}
	let boot_nodes = file
		.boot_nodes
		.iter()
		.map(|node| {
			node.parse::<MultiaddrWithPeerId>()
				.map_err(|error| format!("boot node {node}: {error}"))
		})
		.collect::<Result<Vec<_>, _>>()?;
	if clinics.len() < 4 {
		eprintln!(
			"note: {} clinic authorities: GRANDPA finalises with more than two thirds of them, \
			 so until there are four, one clinic down stops finality",
			clinics.len()
		);
	}
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(&file.name)
		.with_id(&file.id)
		.with_chain_type(ChainType::Live)
		.with_boot_nodes(boot_nodes)
		.with_genesis_config_patch(consortium_genesis(&clinics, others, session_length, block_time))
		.with_properties(properties())
		.build())
}

/// The file's session length, checked against the runtime's shortest.
fn session_length(file: &ConsortiumFile) -> Result<Option<u32>, String> {
	match file.session_length {
		Some(length) if length < ivf_runtime::configs::MIN_SESSION_LENGTH => Err(format!(
			"sessionLength {length} is shorter than the runtime's shortest session, {} blocks",
			ivf_runtime::configs::MIN_SESSION_LENGTH
		)),
		length => Ok(length),
	}
}

/// The file's block time, checked against the runtime's shortest; an odd one is refused, since
/// the timestamp's minimum period is half of it.
fn block_time(file: &ConsortiumFile) -> Result<Option<u64>, String> {
	let shortest = ivf_runtime::configs::MIN_BLOCK_TIME;
	match file.block_time {
		Some(millis) if !ivf_runtime::Consortium::is_valid_block_time(millis) => Err(format!(
			"blockTime {millis} is odd or shorter than the runtime's shortest, {shortest} ms"
		)),
		millis => Ok(millis),
	}
}

/// One clinic of the file, its keys parsed and checked.
fn clinic(entry: &ClinicEntry) -> Result<ClinicGenesis, String> {
	let jurisdiction: [u8; 2] = entry
		.jurisdiction
		.as_bytes()
		.try_into()
		.ok()
		.filter(|code: &[u8; 2]| code.iter().all(u8::is_ascii_uppercase))
		.ok_or("the jurisdiction must be an ISO 3166-1 alpha-2 code such as GB")?;
	let account = account_id(&entry.account)?;
	let aura = sr25519::Public::from_ss58check(&entry.aura)
		.map_err(|error| format!("aura is not an SS58 sr25519 public key: {error:?}"))?;
	if let Some(key) = Sr25519Keyring::from_public(&aura) {
		return Err(development_key("aura", key));
	}
	let grandpa = ed25519::Public::from_ss58check(&entry.grandpa)
		.map_err(|error| format!("grandpa is not an SS58 ed25519 public key: {error:?}"))?;
	if let Some(key) = Ed25519Keyring::from_public(&grandpa) {
		return Err(development_key("grandpa", key));
	}
	let node = sc_network::PeerId::from_str(&entry.node)
		.map_err(|error| format!("node is not a peer id (12D3KooW...): {error}"))?
		.to_bytes();
	if consortium_local_clinics().iter().any(|clinic| clinic.node_id() == node) {
		return Err(format!(
			"its node {} has a well-known development network key, whose secret everyone has: \
			 generate the node's own with `ivf-node key generate-node-key`",
			entry.node
		));
	}
	Ok(ClinicGenesis {
		name: entry.name.clone(),
		jurisdiction,
		account,
		aura: aura.into(),
		grandpa: grandpa.into(),
		node,
	})
}

/// An account from its SS58 form, refused if it is a well-known development account.
fn account_id(ss58: &str) -> Result<AccountId, String> {
	let public = sr25519::Public::from_ss58check(ss58)
		.map_err(|error| format!("{ss58} is not an SS58 account: {error:?}"))?;
	if let Some(key) = Sr25519Keyring::from_public(&public) {
		return Err(development_key("account", key));
	}
	Ok(AccountId::from(public))
}

fn development_key(what: &str, key: impl core::fmt::Debug) -> String {
	format!(
		"its {what} is the well-known development key {key:?}, whose secret everyone has: \
		 generate the clinic's own with `ivf-node key generate`"
	)
}
