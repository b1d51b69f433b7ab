//! A runtime with only `frame_system` and this pallet, and a consortium of two clinics, a
//! researcher and an auditor at genesis.

use crate::{self as pallet_consortium, Affiliation, Role};
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureRoot;
use ivf_primitives::Jurisdiction;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Consortium: pallet_consortium,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Room for two more members beyond the four at genesis.
pub const MAX_MEMBERS: u32 = 6;
pub const MAX_NAME_LENGTH: u32 = 32;

impl pallet_consortium::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxMembers = ConstU32<MAX_MEMBERS>;
	type MaxNameLength = ConstU32<MAX_NAME_LENGTH>;
	type WeightInfo = ();
}

/// A clinic in the United Kingdom.
pub const LONDON: u64 = 1;
/// A clinic in France.
pub const PARIS: u64 = 2;
/// A researcher affiliated with the London clinic.
pub const RESEARCHER: u64 = 10;
/// An auditor.
pub const AUDITOR: u64 = 20;
/// An account that is not a member.
pub const OUTSIDER: u64 = 99;

pub fn clinic(code: &[u8; 2], name: &str) -> Role<u64, String> {
	Role::Clinic { jurisdiction: Jurisdiction(*code), name: name.into() }
}

pub fn genesis_members() -> Vec<(u64, Role<u64, String>)> {
	vec![
		(RESEARCHER, Role::Researcher { affiliation: Affiliation::Clinic(LONDON) }),
		(LONDON, clinic(b"GB", "London Fertility Centre")),
		(PARIS, clinic(b"FR", "Clinique de Paris")),
		(AUDITOR, Role::Auditor),
	]
}

/// Externalities built from `members` at genesis, at block 1 so that events are kept.
pub fn test_ext_with(members: Vec<(u64, Role<u64, String>)>) -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		consortium: pallet_consortium::GenesisConfig { members },
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	test_ext_with(genesis_members())
}
