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
//! The well-known development keys (`//Alice`, `//Bob`, …) stand in for clinic keys. A real
//! consortium generates its own with `ivf-node key generate` and edits the chain spec.

use crate::{
	AccountId, BalancesConfig, ConsortiumConfig, Runtime, RuntimeGenesisConfig, SudoConfig, UNIT,
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
		},
		ClinicAuthority {
			name: "Clinique de Paris",
			jurisdiction: *b"FR",
			key: Sr::Bob,
			grandpa_key: Ed::Bob,
		},
		ClinicAuthority {
			name: "Amsterdam IVF Kliniek",
			jurisdiction: *b"NL",
			key: Sr::Charlie,
			grandpa_key: Ed::Charlie,
		},
		ClinicAuthority {
			name: "Clinica Madrid",
			jurisdiction: *b"ES",
			key: Sr::Dave,
			grandpa_key: Ed::Dave,
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

fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	sudo: Option<AccountId>,
) -> Value {
	genesis_with_members(authorities, endowed, sudo, consortium_members())
}

fn genesis_with_members(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	sudo: Option<AccountId>,
	members: Vec<pallet_consortium::GenesisMemberOf<Runtime>>,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|account| (account, ENDOWMENT)).collect::<Vec<_>>(),
		},
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities
				.iter()
				.map(|(_, grandpa)| (grandpa.clone(), 1))
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: sudo },
		consortium: ConsortiumConfig { members },
	})
}

fn authority_keys(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(aura.public().into(), grandpa.public().into())
}

/// One authority; Alice is sudo. Alice, Bob and their stash accounts are funded.
pub fn development_genesis() -> Value {
	genesis(
		vec![authority_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		vec![
			Sr25519Keyring::Alice.to_account_id(),
			Sr25519Keyring::Bob.to_account_id(),
			Sr25519Keyring::Charlie.to_account_id(),
			Sr25519Keyring::Dave.to_account_id(),
			Sr25519Keyring::Eve.to_account_id(),
			Sr25519Keyring::Ferdie.to_account_id(),
			Sr25519Keyring::AliceStash.to_account_id(),
			Sr25519Keyring::BobStash.to_account_id(),
		],
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// Two authorities (Alice, Bob); every well-known account is funded.
pub fn local_testnet_genesis() -> Value {
	genesis(
		vec![
			authority_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority_keys(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		],
		Sr25519Keyring::iter().map(|key| key.to_account_id()).collect(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// Four clinic authorities, each funded; Eve and Ferdie are funded as researchers. No sudo
/// key: the council of the four clinics governs.
pub fn consortium_local_genesis() -> Value {
	let clinics = consortium_local_clinics();
	let mut endowed: Vec<AccountId> = clinics.iter().map(ClinicAuthority::account).collect();
	endowed.extend([Sr25519Keyring::Eve.to_account_id(), Sr25519Keyring::Ferdie.to_account_id()]);
	genesis(clinics.iter().map(ClinicAuthority::session_keys).collect(), endowed, None)
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
}

/// The genesis of a consortium's own chain (`ivf-node consortium-spec`): every clinic is an
/// authority and a council member, funded with [`ENDOWMENT`]; `others` (researchers and
/// auditors, as the consortium's genesis config lists them) are admitted too, unfunded. No
/// sudo key: the council governs from the first block.
pub fn consortium_genesis(
	clinics: &[ClinicGenesis],
	others: Vec<pallet_consortium::GenesisMemberOf<Runtime>>,
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
	genesis_with_members(
		clinics
			.iter()
			.map(|clinic| (clinic.aura.clone(), clinic.grandpa.clone()))
			.collect(),
		clinics.iter().map(|clinic| clinic.account.clone()).collect(),
		None,
		members,
	)
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
