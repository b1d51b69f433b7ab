//! A runtime with only `frame_system` and this pallet, and a consortium of two clinics, a
//! researcher and an auditor at genesis. The council is a recorder of the members it is told
//! of ([`council`]); its majorities are stood in for by two accounts ([`EMERGENCY_MAJORITY`],
//! [`UPGRADE_MAJORITY`]); the runtime's tests check the real thresholds.

use crate::{self as pallet_consortium, Affiliation, Role};
use frame_support::{
	ord_parameter_types,
	traits::{ChangeMembers, ConstU32, ConstU64},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSignedBy};
pub use ivf_primitives::test_utils::CheckedExternalities;
use ivf_primitives::Jurisdiction;
use sp_runtime::BuildStorage;

ivf_primitives::test_runtime!(Consortium: pallet_consortium);

/// Room for the four members at genesis, the sixteen members the emergency-suspension
/// benchmark suspends at once (`MAX_EMERGENCY_SUSPENSIONS`), and its clinic.
pub const MAX_MEMBERS: u32 = 4 + crate::MAX_EMERGENCY_SUSPENSIONS + 1;
pub const MAX_NAME_LENGTH: u32 = 32;

/// At most three clinics, active or suspended.
pub const MAX_CLINICS: u32 = 3;
/// Blocks an emergency suspension lasts.
pub const EMERGENCY_SUSPENSION: u64 = 10;
/// Blocks a session lasts unless genesis or governance says otherwise.
pub const DEFAULT_SESSION_LENGTH: u64 = 600;
/// The shortest session governance may set.
pub const MIN_SESSION_LENGTH: u64 = 4;

ord_parameter_types! {
	/// Stands in for a simple majority of the council.
	pub const EmergencyMajority: u64 = EMERGENCY_MAJORITY;
	/// Stands in for three quarters of the council.
	pub const UpgradeMajority: u64 = UPGRADE_MAJORITY;
}

frame_support::parameter_types! {
	/// The council as this pallet last told it, in state (not a thread-local) so that it is
	/// rolled back with the storage it follows: a benchmark test runs a call and reverts it.
	pub storage CouncilMembers: Vec<u64> = Vec::new();
}

/// The council's members, as this pallet last told them.
pub fn council() -> Vec<u64> {
	CouncilMembers::get()
}

/// Records the council's members as `change_members_sorted` gives them, checking that the
/// incoming and outgoing accounts agree with the new set.
pub struct CouncilRecorder;
impl ChangeMembers<u64> for CouncilRecorder {
	fn change_members_sorted(incoming: &[u64], outgoing: &[u64], new: &[u64]) {
		assert!(new.windows(2).all(|pair| pair[0] < pair[1]), "the council is not sorted");
		let mut expected: Vec<u64> =
			council().into_iter().filter(|m| !outgoing.contains(m)).collect();
		expected.extend(incoming);
		expected.sort();
		assert_eq!(expected, new, "incoming and outgoing disagree with the new council");
		CouncilMembers::set(&new.to_vec());
	}
}

impl pallet_consortium::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
	type EmergencyOrigin = EnsureSignedBy<EmergencyMajority, u64>;
	type UpgradeOrigin = EnsureSignedBy<UpgradeMajority, u64>;
	type Council = CouncilRecorder;
	type CouncilChangeWeight = CouncilChangeWeight;
	type MaxClinics = ConstU32<MAX_CLINICS>;
	type EmergencySuspension = ConstU64<EMERGENCY_SUSPENSION>;
	type DefaultSessionLength = ConstU64<DEFAULT_SESSION_LENGTH>;
	type MinSessionLength = ConstU64<MIN_SESSION_LENGTH>;
	type DefaultBlockTime = ConstU64<3000>;
	type MinBlockTime = ConstU64<1000>;
	type MaxMembers = ConstU32<MAX_MEMBERS>;
	type MaxNameLength = ConstU32<MAX_NAME_LENGTH>;
	type WeightInfo = ();
}

frame_support::parameter_types! {
	pub CouncilChangeWeight: Weight = Weight::from_parts(1_000, 0);
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
/// The origin of a simple majority of the council.
pub const EMERGENCY_MAJORITY: u64 = 500;
/// The origin of three quarters of the council.
pub const UPGRADE_MAJORITY: u64 = 600;

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
pub fn test_ext_with(members: Vec<(u64, Role<u64, String>)>) -> CheckedExternalities {
	test_ext_from(pallet_consortium::GenesisConfig { members, ..Default::default() })
}

/// Externalities built from the whole genesis `config`, at block 1.
pub fn test_ext_from(config: pallet_consortium::GenesisConfig<Test>) -> CheckedExternalities {
	let storage = RuntimeGenesisConfig { system: Default::default(), consortium: config }
		.build_storage()
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	CheckedExternalities::new(ext, "pallet-consortium", Consortium::do_try_state)
}

pub fn new_test_ext() -> CheckedExternalities {
	test_ext_with(genesis_members())
}
