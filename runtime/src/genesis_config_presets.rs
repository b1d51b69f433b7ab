//! Genesis presets, built into the runtime so that a chain spec made from the node under test
//! always carries the current runtime's genesis.
//!
//! - `development`: one authority (Alice), for `ivf-node --dev`;
//! - `local_testnet`: two authorities (Alice, Bob);
//! - `consortium_local`: four clinic authorities in four countries, so that one clinic can fail
//!   and GRANDPA (which needs more than two thirds of the votes) still finalises.
//!
//! In every preset the four clinics are the council of clinics, which governs the consortium.
//! The two development presets also keep Alice as a sudo key, so that a developer alone on a
//! one-node chain can act as governance without gathering four clinics' votes;
//! `consortium_local`, the model of a real consortium's chain, has no sudo key: nothing rules
//! it but its council.
//!
//! The authorities are not written in Aura's and GRANDPA's genesis: they are the session keys
//! of the clinics (`pallet-session`), from which the runtime derives each session's authors
//! and voters as the active clinics (see [`crate::authorities`]).
//!
//! `consortium_local` is also a permissioned network: each clinic's node is listed by its peer
//! id, and only listed nodes sync. The development presets list no node, so any node may
//! connect, and keep short sessions.
//!
//! The well-known development keys (`//Alice`, `//Bob`, …) stand in for clinic keys, and the
//! network keys `0x00…01` to `0x00…04` for the clinics' node keys. A real consortium writes
//! its own public keys in a file and builds its chain spec with `ivf-node consortium-spec`.

use crate::{
	configs::MIN_SESSION_LENGTH, AccountId, BalancesConfig, BlockNumber, ConsortiumConfig, Runtime,
	RuntimeGenesisConfig, SessionKeys, SudoConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::PresetId;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// The preset of a four-clinic local consortium.
pub const CONSORTIUM_LOCAL_PRESET: &str = "consortium_local";

/// Sessions of `consortium_local`: five minutes (100 blocks). Each session's end fills its
/// block (`pallet-session` charges a whole block for the rotation), so a federated round that
/// spans it takes a block more; the council shortens them when it wants membership to reach
/// the authority set sooner (`consortium.setSessionLength`).
pub const CONSORTIUM_LOCAL_SESSION_LENGTH: BlockNumber = 100;

/// What every endowed account starts with: enough for years of clinic transactions.
const ENDOWMENT: u128 = 1_000_000 * UNIT;

/// A clinic that runs an authority node: its account, its keys, and where it is.
pub struct ClinicAuthority {
	/// The clinic's display name.
	pub name: &'static str,
	/// ISO 3166-1 alpha-2 country code of the clinic's jurisdiction.
	pub jurisdiction: [u8; 2],
	/// The development key that stands in for the clinic's account and Aura key (sr25519).
	pub key: Sr25519Keyring,
	/// The development key that stands in for the clinic's GRANDPA key (ed25519).
	pub grandpa_key: Ed25519Keyring,
	/// The public half of the clinic node's network key (Ed25519), whose secret is 31 zero
	/// bytes and then [`ClinicAuthority::node_key_byte`].
	pub node_public: [u8; 32],
	/// The last byte of the clinic node's development network key: `scripts/consortium-local.sh`
	/// and the end-to-end tests start the node with `--node-key-file` holding that key.
	pub node_key_byte: u8,
}

impl ClinicAuthority {
	/// The clinic's account, which signs its transactions.
	pub fn account(&self) -> AccountId {
		self.key.to_account_id()
	}

	/// The clinic node's Aura and GRANDPA keys.
	pub fn session_keys(&self) -> (AuraId, GrandpaId) {
		(self.key.public().into(), self.grandpa_key.public().into())
	}

	/// The clinic node's libp2p peer id, as bytes.
	pub fn node_id(&self) -> Vec<u8> {
		ed25519_peer_id(&self.node_public)
	}
}

/// The libp2p peer id of an Ed25519 network key, as bytes: the identity multihash (0x00, 36
/// bytes) of the protobuf-encoded public key (key type 1, Ed25519; 32 bytes).
pub fn ed25519_peer_id(public: &[u8; 32]) -> Vec<u8> {
	let mut id = vec![0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	id.extend_from_slice(public);
	id
}

/// The four clinics of `consortium_local`, one per country.
pub fn consortium_local_clinics() -> Vec<ClinicAuthority> {
	use Ed25519Keyring as Ed;
	use Sr25519Keyring as Sr;
	vec![
		ClinicAuthority {
			name: "London Fertility Centre",
			jurisdiction: *b"GB",
			key: Sr::Alice,
			grandpa_key: Ed::Alice,
			node_public: sp_core::hex2array!(
				"4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29"
			),
			node_key_byte: 1,
		},
		ClinicAuthority {
			name: "Clinique de Paris",
			jurisdiction: *b"FR",
			key: Sr::Bob,
			grandpa_key: Ed::Bob,
			node_public: sp_core::hex2array!(
				"7422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674"
			),
			node_key_byte: 2,
		},
		ClinicAuthority {
			name: "Amsterdam IVF Kliniek",
			jurisdiction: *b"NL",
			key: Sr::Charlie,
			grandpa_key: Ed::Charlie,
			node_public: sp_core::hex2array!(
				"f381626e41e7027ea431bfe3009e94bdd25a746beec468948d6c3c7c5dc9a54b"
			),
			node_key_byte: 3,
		},
		ClinicAuthority {
			name: "Clinica Madrid",
			jurisdiction: *b"ES",
			key: Sr::Dave,
			grandpa_key: Ed::Dave,
			node_public: sp_core::hex2array!(
				"fd50b8e3b144ea244fbf7737f550bc8dd0c2650bbc1aada833ca17ff8dbf329b"
			),
			node_key_byte: 4,
		},
	]
}

/// The consortium's first members in every preset: the four clinics of
/// [`consortium_local_clinics`], Eve as a researcher of the London clinic, Ferdie as an auditor.
pub fn consortium_members() -> Vec<pallet_consortium::GenesisMemberOf<Runtime>> {
	use pallet_consortium::{Affiliation, Role};
	let clinics = consortium_local_clinics();
	let mut members: Vec<_> = clinics
		.iter()
		.map(|clinic| {
			let role = Role::Clinic {
				jurisdiction: ivf_primitives::Jurisdiction(clinic.jurisdiction),
				name: clinic.name.into(),
			};
			(clinic.account(), role)
		})
		.collect();
	members.push((
		Sr25519Keyring::Eve.to_account_id(),
		Role::Researcher {
			affiliation: Affiliation::Clinic(Sr25519Keyring::Alice.to_account_id()),
		},
	));
	members.push((Sr25519Keyring::Ferdie.to_account_id(), Role::Auditor));
	members
}

/// What a preset's genesis holds beyond the members: the authorities' session keys, the
/// endowed accounts, the sudo key, the network's allow-list and the session length.
struct ChainGenesis {
	/// Each authority clinic's account with its node's Aura and GRANDPA keys.
	authorities: Vec<(AccountId, AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	sudo: Option<AccountId>,
	/// Each member's node peer id; empty for an open network.
	nodes: Vec<(AccountId, Vec<u8>)>,
	session_length: BlockNumber,
}

fn genesis(
	chain: ChainGenesis,
	members: Vec<pallet_consortium::GenesisMemberOf<Runtime>>,
) -> Value {
	let keys = chain
		.authorities
		.into_iter()
		.map(|(account, aura, grandpa)| (account.clone(), account, SessionKeys { aura, grandpa }))
		.collect::<Vec<_>>();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: chain
				.endowed
				.into_iter()
				.map(|account| (account, ENDOWMENT))
				.collect::<Vec<_>>(),
		},
		session: pallet_session::GenesisConfig { keys },
		sudo: SudoConfig { key: chain.sudo },
		consortium: ConsortiumConfig {
			members,
			nodes: chain.nodes,
			session_length: Some(chain.session_length),
		},
	})
}

/// A development authority: a well-known key's account with its Aura and GRANDPA keys.
fn development_authority(
	aura: Sr25519Keyring,
	grandpa: Ed25519Keyring,
) -> (AccountId, AuraId, GrandpaId) {
	(aura.to_account_id(), aura.public().into(), grandpa.public().into())
}

/// One authority; Alice is sudo. Alice, Bob and their stash accounts are funded.
pub fn development_genesis() -> Value {
	let chain = ChainGenesis {
		authorities: vec![development_authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		endowed: vec![
			Sr25519Keyring::Alice.to_account_id(),
			Sr25519Keyring::Bob.to_account_id(),
			Sr25519Keyring::Charlie.to_account_id(),
			Sr25519Keyring::Dave.to_account_id(),
			Sr25519Keyring::Eve.to_account_id(),
			Sr25519Keyring::Ferdie.to_account_id(),
			Sr25519Keyring::AliceStash.to_account_id(),
			Sr25519Keyring::BobStash.to_account_id(),
		],
		sudo: Some(Sr25519Keyring::Alice.to_account_id()),
		nodes: vec![],
		session_length: MIN_SESSION_LENGTH,
	};
	genesis(chain, consortium_members())
}

/// Two authorities (Alice, Bob); every well-known account is funded.
pub fn local_testnet_genesis() -> Value {
	let chain = ChainGenesis {
		authorities: vec![
			development_authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			development_authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		],
		endowed: Sr25519Keyring::iter().map(|key| key.to_account_id()).collect(),
		sudo: Some(Sr25519Keyring::Alice.to_account_id()),
		nodes: vec![],
		session_length: MIN_SESSION_LENGTH,
	};
	genesis(chain, consortium_members())
}

/// Four clinic authorities, each funded and each with its node on the allow-list; Eve and
/// Ferdie are funded as researchers. No sudo key: the council of the four clinics governs.
/// Sessions last [`CONSORTIUM_LOCAL_SESSION_LENGTH`] blocks.
pub fn consortium_local_genesis() -> Value {
	let clinics = consortium_local_clinics();
	let mut endowed: Vec<AccountId> = clinics.iter().map(ClinicAuthority::account).collect();
	endowed.extend([Sr25519Keyring::Eve.to_account_id(), Sr25519Keyring::Ferdie.to_account_id()]);
	let chain = ChainGenesis {
		authorities: clinics
			.iter()
			.map(|clinic| {
				let (aura, grandpa) = clinic.session_keys();
				(clinic.account(), aura, grandpa)
			})
			.collect(),
		endowed,
		sudo: None,
		nodes: clinics.iter().map(|clinic| (clinic.account(), clinic.node_id())).collect(),
		session_length: CONSORTIUM_LOCAL_SESSION_LENGTH,
	};
	genesis(chain, consortium_members())
}

/// A clinic of a consortium's own chain: its display name, its country, its account, and its
/// node's Aura and GRANDPA keys.
pub struct ClinicGenesis {
	/// The clinic's display name.
	pub name: alloc::string::String,
	/// ISO 3166-1 alpha-2 country code of the clinic's jurisdiction.
	pub jurisdiction: [u8; 2],
	/// The clinic's account, which signs its transactions and holds its council seat.
	pub account: AccountId,
	/// The key its node authors blocks with (sr25519).
	pub aura: AuraId,
	/// The key its node votes on finality with (ed25519).
	pub grandpa: GrandpaId,
	/// Its node's libp2p peer id, as bytes: the network's allow-list.
	pub node: Vec<u8>,
}

/// The genesis of a consortium's own chain (`ivf-node consortium-spec`): every clinic is an
/// authority and a council member, funded with `ENDOWMENT`, with its node on the network's
/// allow-list; `others` (researchers and auditors, as the consortium's genesis config lists
/// them) are admitted too, unfunded. No sudo key: the council governs from the first block.
/// Sessions last `session_length` blocks, or an hour; blocks last `block_time` milliseconds, or
/// [`crate::SLOT_DURATION`].
pub fn consortium_genesis(
	clinics: &[ClinicGenesis],
	others: Vec<pallet_consortium::GenesisMemberOf<Runtime>>,
	session_length: Option<BlockNumber>,
	block_time: Option<u64>,
) -> Value {
	use pallet_consortium::Role;
	let mut members: Vec<pallet_consortium::GenesisMemberOf<Runtime>> = clinics
		.iter()
		.map(|clinic| {
			let role = Role::Clinic {
				jurisdiction: ivf_primitives::Jurisdiction(clinic.jurisdiction),
				name: clinic.name.clone(),
			};
			(clinic.account.clone(), role)
		})
		.collect();
	members.extend(others);
	let chain = ChainGenesis {
		authorities: clinics
			.iter()
			.map(|clinic| (clinic.account.clone(), clinic.aura.clone(), clinic.grandpa.clone()))
			.collect(),
		endowed: clinics.iter().map(|clinic| clinic.account.clone()).collect(),
		sudo: None,
		nodes: clinics
			.iter()
			.map(|clinic| (clinic.account.clone(), clinic.node.clone()))
			.collect(),
		session_length: session_length.unwrap_or(crate::HOURS),
	};
	let mut patch = genesis(chain, members);
	if let Some(millis) = block_time {
		patch["consortium"]["blockTime"] = millis.into();
	}
	patch
}

/// The JSON genesis patch of a preset, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		CONSORTIUM_LOCAL_PRESET => consortium_local_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(alloc::string::String::into_bytes)
}

/// The names of the presets this runtime provides.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(CONSORTIUM_LOCAL_PRESET),
	]
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use crate::{Aura, Balances, Consortium, Grandpa, Runtime};
	use frame_support::genesis_builder_helper::build_state;
	use ivf_primitives::{ConsortiumMembership, Jurisdiction, RoleKind};
	use serde_json::Value;

	/// Applies a preset's patch to the default genesis, as the node does for a chain spec.
	fn merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (key, value) in patch {
					merge(base.entry(key).or_insert(Value::Null), value);
				}
			},
			(base, patch) => *base = patch,
		}
	}

	/// Builds the genesis state of `preset` and runs `check` in it.
	pub(crate) fn with_preset_state(preset: &str, check: impl FnOnce()) {
		let patch: Value =
			serde_json::from_slice(&get_preset(&PresetId::from(preset)).expect("preset exists"))
				.unwrap();
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
		merge(&mut config, patch);
		let mut ext = sp_io::TestExternalities::default();
		ext.execute_with(|| {
			build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).unwrap()).unwrap();
			check();
		});
	}

	#[test]
	fn every_listed_preset_builds() {
		let names = preset_names();
		assert_eq!(names.len(), 3);
		for name in names {
			let name = core::str::from_utf8(name.as_ref()).unwrap().to_owned();
			with_preset_state(&name, || {});
		}
		assert!(get_preset(&PresetId::from("no-such-preset")).is_none());
	}

	#[test]
	fn development_has_one_authority_and_alice_as_sudo() {
		with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
			assert_eq!(Grandpa::grandpa_authorities().len(), 1);
			assert_eq!(
				pallet_sudo::Key::<Runtime>::get(),
				Some(Sr25519Keyring::Alice.to_account_id())
			);
			let _ = Aura::slot_duration();
		});
	}

	#[test]
	fn local_testnet_has_two_authorities() {
		with_preset_state(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET, || {
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 2);
			assert_eq!(Grandpa::grandpa_authorities().len(), 2);
		});
	}

	#[test]
	fn consortium_local_has_four_funded_clinic_authorities_in_four_countries() {
		let clinics = consortium_local_clinics();
		let countries: alloc::collections::BTreeSet<_> =
			clinics.iter().map(|c| c.jurisdiction).collect();
		assert_eq!(countries.len(), 4, "one clinic per country");

		with_preset_state(CONSORTIUM_LOCAL_PRESET, || {
			let aura = pallet_aura::Authorities::<Runtime>::get();
			let grandpa = Grandpa::grandpa_authorities();
			assert_eq!(aura.len(), 4);
			assert_eq!(grandpa.len(), 4);
			for clinic in &clinics {
				let (aura_key, grandpa_key) = clinic.session_keys();
				assert!(aura.contains(&aura_key), "{} is no Aura authority", clinic.name);
				assert!(grandpa.iter().any(|(key, weight)| *key == grandpa_key && *weight == 1));
				assert_eq!(Balances::free_balance(clinic.account()), ENDOWMENT);
				assert_eq!(
					Consortium::clinic_jurisdiction(&clinic.account()),
					Some(Jurisdiction(clinic.jurisdiction)),
					"{} is not a clinic of its country",
					clinic.name
				);
			}
		});
	}

	#[test]
	fn consortium_local_lists_each_clinics_node_by_its_development_network_key() {
		use sp_core::Pair;
		let clinics = consortium_local_clinics();
		for clinic in &clinics {
			let mut secret = [0u8; 32];
			secret[31] = clinic.node_key_byte;
			let public = sp_core::ed25519::Pair::from_seed(&secret).public();
			assert_eq!(clinic.node_public, public.0, "{}'s node key", clinic.name);
		}
		with_preset_state(CONSORTIUM_LOCAL_PRESET, || {
			let mut allowed: Vec<Vec<u8>> =
				Consortium::allowed_nodes().into_iter().map(|node| node.into_inner()).collect();
			allowed.sort();
			let mut expected: Vec<Vec<u8>> = clinics.iter().map(ClinicAuthority::node_id).collect();
			expected.sort();
			assert_eq!(allowed, expected);
			assert_eq!(
				pallet_consortium::SessionLength::<Runtime>::get(),
				CONSORTIUM_LOCAL_SESSION_LENGTH
			);
		});
		for open in [
			sp_genesis_builder::DEV_RUNTIME_PRESET,
			sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
		] {
			with_preset_state(open, || assert!(Consortium::allowed_nodes().is_empty()));
		}
	}

	#[test]
	fn every_preset_admits_the_same_members_with_their_roles() {
		for preset in [
			sp_genesis_builder::DEV_RUNTIME_PRESET,
			sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
			CONSORTIUM_LOCAL_PRESET,
		] {
			with_preset_state(preset, || {
				assert_eq!(Consortium::members().len(), 6);
				let eve = Sr25519Keyring::Eve.to_account_id();
				let ferdie = Sr25519Keyring::Ferdie.to_account_id();
				assert!(Consortium::is_researcher(&eve));
				assert!(!Consortium::is_clinic(&eve));
				assert!(Consortium::is_auditor(&ferdie));
				assert!(Consortium::has_role(
					&Sr25519Keyring::Bob.to_account_id(),
					RoleKind::Clinic
				));
			});
		}
	}

	#[test]
	fn donor_family_limits_are_seeded_from_the_domain_table() {
		use pallet_donor_matching::FamilyLimit;
		with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
			assert_eq!(
				pallet_donor_matching::FamilyLimits::<Runtime>::get(Jurisdiction(*b"GB")),
				Some(FamilyLimit::Families(10))
			);
			assert_eq!(
				pallet_donor_matching::FamilyLimits::<Runtime>::get(Jurisdiction(*b"FR")),
				Some(FamilyLimit::Children(10))
			);
			assert_eq!(
				pallet_donor_matching::FamilyLimits::<Runtime>::get(Jurisdiction(*b"AT")),
				Some(FamilyLimit::Families(3))
			);
		});
	}
}
