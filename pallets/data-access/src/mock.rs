//! A test runtime: `frame_system`, `pallet_timestamp` for chain time, this pallet, and the
//! shared in-memory consortium ([`MockMembership`]).

use crate as pallet_data_access;
use frame_support::traits::{ConstU32, ConstU64};
pub use ivf_primitives::test_utils::{CheckedExternalities, MockMembership};
use ivf_primitives::{Jurisdiction, RoleKind};

ivf_primitives::test_runtime!(DataAccess: pallet_data_access, with Timestamp);

/// One day in milliseconds.
pub const DAY: u64 = 24 * 60 * 60 * 1000;
/// Chain time when each test starts: 2025-01-01T00:00:00Z.
pub const START: u64 = 1_735_689_600_000;

impl pallet_data_access::Config for Test {
	type Membership = MockMembership;
	type Time = Timestamp;
	type MaxModifiers = ConstU32<24>;
	type MaxPendingRequests = ConstU32<3>;
	type MaxGrantsPerResearcher = ConstU32<4>;
	type MaxGrantsPerDataset = ConstU32<5>;
	type MaxLogEntries = ConstU32<3>;
	type MaxGrantDuration = ConstU64<{ 365 * DAY }>;
	type WeightInfo = ();
}

/// A clinic in the United Kingdom.
pub const CLINIC_GB: u64 = 1;
/// A clinic in France.
pub const CLINIC_FR: u64 = 2;
/// A researcher.
pub const RESEARCHER: u64 = 10;
/// Another researcher.
pub const OTHER_RESEARCHER: u64 = 11;
/// An auditor.
pub const AUDITOR: u64 = 20;
/// Nobody in the consortium.
pub const OUTSIDER: u64 = 99;

/// Sets chain time to `ms` since the Unix epoch.
pub fn set_now(ms: u64) {
	pallet_timestamp::Now::<Test>::put(ms);
}

/// Externalities with two clinics (GB, FR), two researchers and an auditor, at block 1 and
/// time [`START`]; the pallet's invariants are checked when each test's closure returns.
pub fn new_test_ext() -> CheckedExternalities {
	MockMembership::clear();
	MockMembership::admit(&CLINIC_GB, RoleKind::Clinic, Jurisdiction(*b"GB"));
	MockMembership::admit(&CLINIC_FR, RoleKind::Clinic, Jurisdiction(*b"FR"));
	MockMembership::admit(&RESEARCHER, RoleKind::Researcher, Jurisdiction(*b"GB"));
	MockMembership::admit(&OTHER_RESEARCHER, RoleKind::Researcher, Jurisdiction(*b"FR"));
	MockMembership::admit(&AUDITOR, RoleKind::Auditor, Jurisdiction(*b"NL"));
	chain_at(START, "pallet-data-access", DataAccess::do_try_state)
}
