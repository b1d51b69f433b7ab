//! # IVF consortium runtime
//!
//! The FRAME runtime of the permissioned chain on which IVF clinics share what their data can
//! teach without sharing the data.
//!
//! ## Overview
//!
//! Blocks are authored by the consortium's clinic authorities in turn (Aura) and finalised by
//! GRANDPA, so that a clinic reading an event knows it can never be reverted once final. Until
//! consortium governance lands, `Sudo` holds the governance origin of the development presets.
//!
//! The layout follows the solochain template:
//! - `configs/` configures each pallet;
//! - `apis.rs` implements the runtime APIs the node and clients call;
//! - `genesis_config_presets.rs` builds the `development`, `local_testnet` and
//!   `consortium_local` genesis presets.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`-style macros expand recursively.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
pub mod authorities;
#[cfg(test)]
mod authorities_tests;
pub mod configs;
#[cfg(test)]
mod decode_fuzz_tests;
pub mod genesis_config_presets;
#[cfg(test)]
mod governance_tests;
pub mod members_only;
#[cfg(test)]
mod members_only_tests;
#[cfg(test)]
mod secure_aggregation_figures;
pub mod weights;

// The runtime macros expand to code that names `Vec`.
use alloc::vec::Vec;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types, so that the node can handle blocks and extrinsics without knowing the
/// runtime's call types.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The keys a clinic authority holds in its node's keystore: Aura to author blocks and
	/// GRANDPA to vote on finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The runtime's identity. Bump `spec_version` whenever the runtime's behaviour changes, and
/// `transaction_version` whenever a call's index or arguments change.
#[cfg(not(ivf_upgrade_test))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("ivf-consortium"),
	impl_name: alloc::borrow::Cow::Borrowed("ivf-consortium-node"),
	authoring_version: 1,
	spec_version: 109,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 5,
	system_version: 1,
};

/// The same runtime one `spec_version` higher, built only by `ivf-runtime-upgrade-test`
/// (`--cfg ivf_upgrade_test`) as the new code of the end-to-end upgrade test. Keep it equal
/// to the `VERSION` above but for `spec_version`, which stays one higher.
#[cfg(ivf_upgrade_test)]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("ivf-consortium"),
	impl_name: alloc::borrow::Cow::Borrowed("ivf-consortium-node"),
	authoring_version: 1,
	spec_version: 110,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 5,
	system_version: 1,
};

/// Target block time. Three seconds keeps a federated round (a commit window and a reveal
/// window of a few blocks each) short, while leaving a 2-core clinic node ample time to author.
pub const MILLISECS_PER_BLOCK: u64 = 3000;

/// The default Aura slot length. A chain spec may set another at genesis
/// (`pallet_consortium::GenesisConfig::block_time`); it cannot change once the chain has started.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// Block counts for human time spans, at the default block time.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;
pub const DAYS: BlockNumber = HOURS * 24;

/// One unit of the consortium's fee token (12 decimals).
pub const UNIT: Balance = 1_000_000_000_000;
pub const MILLI_UNIT: Balance = UNIT / 1_000;
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;

/// An account with less than this is reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Block number.
pub type BlockNumber = u32;
/// Transaction signature: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// An account is identified by its public key.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Fee token balance.
pub type Balance = u128;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Block and state hash.
pub type Hash = sp_core::H256;
/// How a call refers to an account.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// Signed block with justifications.
pub type SignedBlock = generic::SignedBlock<Block>;
/// Block id.
pub type BlockId = generic::BlockId<Block>;

/// The checks every transaction passes: sender, membership, versions, genesis, mortality,
/// nonce, weight, and the fee.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	members_only::CheckMembership,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_federated_learning::CheckRevealSpace<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Extrinsic as the runtime sees it.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload a transaction's signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations to run at the next runtime upgrade, beyond the pallets' own.
#[allow(unused_parens)]
type Migrations = (
	// Donors keyed by linkage id with their banks, quotas, expiring allocations
	// (docs/domain.md, "Linking the same donor across banks").
	pallet_donor_matching::migrations::v2::MigrateV1ToV2<Runtime>,
	// Grants indexed by their use (researcher, dataset, algorithm).
	pallet_data_access::migrations::v2::MigrateV1ToV2<Runtime>,
	// Revealed updates stored in chunks of parameters.
	pallet_federated_learning::migrations::v2::MigrateV1ToV2<Runtime>,
);

/// Dispatches extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	/// Root for a developer alone on the development chains; the consortium presets and
	/// `ivf-node consortium-spec` set no sudo key, so there nobody holds it.
	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	/// The council of clinics: every active clinic holds one seat (kept so by `Consortium`).
	#[runtime::pallet_index(7)]
	pub type Council = pallet_collective<Instance1>;

	/// Sessions: at each session's end the Aura authors and GRANDPA voters of the session
	/// after next become the active clinics that set their node's keys (`session.setKeys`).
	#[runtime::pallet_index(8)]
	pub type Session = pallet_session;

	/// Who is who: clinics (with their jurisdiction), researchers and auditors.
	#[runtime::pallet_index(10)]
	pub type Consortium = pallet_consortium;

	/// The consent ledger: recorded, time-stamped, revocable, purpose-scoped.
	#[runtime::pallet_index(11)]
	pub type Consent = pallet_consent;

	/// Datasets under GA4GH DUO terms, access requests, grants and the access log.
	#[runtime::pallet_index(12)]
	pub type DataAccess = pallet_data_access;

	/// Gamete and embryo donors, cross-clinic family limits, matching.
	#[runtime::pallet_index(13)]
	pub type DonorMatching = pallet_donor_matching;

	/// Federated training tasks and rounds: commit, reveal, on-chain aggregation.
	#[runtime::pallet_index(14)]
	pub type FederatedLearning = pallet_federated_learning;

	/// Custody of gametes and embryos: witnessed steps, cryotransport, storage consent obeyed.
	#[runtime::pallet_index(15)]
	pub type Custody = pallet_custody;

	/// Lots of culture media, consumables and drugs: arrival, use on specimens, recalls.
	#[runtime::pallet_index(16)]
	pub type Supplies = pallet_supplies;
}

#[cfg(feature = "runtime-benchmarks")]
mod benches {
	frame_benchmarking::define_benchmarks!(
		[frame_benchmarking, BaselineBench::<Runtime>]
		[frame_system, SystemBench::<Runtime>]
		[frame_system_extensions, SystemExtensionsBench::<Runtime>]
		[pallet_balances, Balances]
		[pallet_timestamp, Timestamp]
		[pallet_sudo, Sudo]
		[pallet_consortium, Consortium]
		[pallet_consent, Consent]
		[pallet_data_access, DataAccess]
		[pallet_donor_matching, DonorMatching]
		[pallet_federated_learning, FederatedLearning]
		[pallet_custody, Custody]
		[pallet_supplies, Supplies]
	);
}
