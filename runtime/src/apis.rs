//! The runtime APIs: what the node, the off-chain workers and clients may ask the runtime.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_session::OpaqueGeneratedSessionKeys;
use sp_version::RuntimeVersion;

use super::{
	AccountId, Aura, Balance, Block, BlockNumber, Consent, Consortium, Custody, DataAccess,
	DonorMatching, Executive, FederatedLearning, Grandpa, InherentDataExt, Nonce, Runtime,
	RuntimeCall, RuntimeGenesisConfig, SessionKeys, Supplies, System, TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(owner: Vec<u8>, seed: Option<Vec<u8>>) -> OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// `KeyOwnerProof` is `Void`: equivocations are not reported on this chain.
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_consortium::runtime_api::ConsortiumApi<Block, AccountId, pallet_consortium::MembershipOf<Runtime>> for Runtime {
		fn member(who: AccountId) -> Option<pallet_consortium::MembershipOf<Runtime>> {
			Consortium::member(&who)
		}
		fn members() -> Vec<(AccountId, pallet_consortium::MembershipOf<Runtime>)> {
			Consortium::members()
		}
	}

	impl pallet_consortium::runtime_api::NodeAllowListApi<Block> for Runtime {
		fn allowed_nodes() -> Vec<Vec<u8>> {
			Consortium::allowed_nodes().into_iter().map(|node| node.into_inner()).collect()
		}
	}

	impl pallet_consent::runtime_api::ConsentApi<Block, AccountId, pallet_consent::Consent<Runtime>> for Runtime {
		fn consent_status(consent_id: pallet_consent::ConsentId) -> Option<pallet_consent::ConsentState<AccountId>> {
			Consent::consent_status(consent_id)
		}
		fn consents_of(
			pseudonym: ivf_primitives::Pseudonym,
		) -> Vec<(pallet_consent::ConsentId, pallet_consent::Consent<Runtime>, pallet_consent::ConsentState<AccountId>)> {
			Consent::consents_of(&pseudonym)
		}
		fn signing_payload(clinic: AccountId, terms: pallet_consent::ConsentTerms) -> Vec<u8> {
			Consent::signing_payload(&clinic, &terms)
		}
	}

	impl pallet_data_access::runtime_api::DataAccessApi<Block, AccountId, BlockNumber> for Runtime {
		fn dataset(dataset: pallet_data_access::DatasetId) -> Option<pallet_data_access::DatasetView<AccountId>> {
			DataAccess::dataset_view(dataset)
		}
		fn dataset_schema(dataset: pallet_data_access::DatasetId) -> Option<pallet_data_access::DatasetSchema> {
			DataAccess::dataset_schema(dataset)
		}
		fn grants_of_researcher(researcher: AccountId) -> Vec<pallet_data_access::GrantView<AccountId>> {
			DataAccess::grants_of_researcher(&researcher)
		}
		fn grants_on_dataset(dataset: pallet_data_access::DatasetId) -> Vec<pallet_data_access::GrantView<AccountId>> {
			DataAccess::grants_on_dataset(dataset)
		}
		fn access_log(
			dataset: pallet_data_access::DatasetId,
		) -> Option<pallet_data_access::AccessLogView<AccountId, BlockNumber>> {
			DataAccess::access_log(dataset)
		}
		fn access_decision(
			researcher: AccountId,
			dataset: pallet_data_access::DatasetId,
			algorithm: ivf_primitives::DocumentHash,
			purpose: pallet_data_access::ResearchPurpose,
		) -> pallet_data_access::AccessDecision {
			DataAccess::access_decision(&researcher, dataset, &algorithm, &purpose)
		}
	}

	impl pallet_donor_matching::runtime_api::DonorMatchingApi<Block> for Runtime {
		fn match_donors(request: pallet_donor_matching::MatchRequest) -> Vec<pallet_donor_matching::DonorMatch> {
			DonorMatching::match_donors(request)
		}
	}

	impl pallet_custody::runtime_api::CustodyApi<Block, AccountId, pallet_custody::Shipment<Runtime>> for Runtime {
		fn specimen(specimen: pallet_custody::SpecimenId) -> Option<pallet_custody::SpecimenView<AccountId>> {
			Custody::specimen_view(specimen)
		}
		fn history(specimen: pallet_custody::SpecimenId) -> Vec<pallet_custody::StepRecord<AccountId>> {
			Custody::history(specimen)
		}
		fn storage_worklist(clinic: AccountId, within_days: u32) -> Vec<pallet_custody::WorklistEntry> {
			Custody::storage_worklist(&clinic, within_days)
		}
		fn shipment(
			shipment: pallet_custody::ShipmentId,
		) -> Option<(pallet_custody::Shipment<Runtime>, pallet_custody::ShipmentState)> {
			Custody::shipment_view(shipment)
		}
		fn open_shipments(
			clinic: AccountId,
		) -> Vec<(pallet_custody::ShipmentId, pallet_custody::Shipment<Runtime>, pallet_custody::ShipmentState)> {
			Custody::open_shipments(&clinic)
		}
	}

	impl pallet_supplies::runtime_api::SuppliesApi<Block, AccountId> for Runtime {
		fn trace(lot: pallet_supplies::LotRef) -> Vec<pallet_supplies::LotUse<AccountId>> {
			Supplies::trace(lot)
		}
		fn expiring_lots(
			clinic: AccountId,
			within_days: u32,
		) -> Vec<(pallet_supplies::LotId, pallet_supplies::Lot<AccountId>)> {
			Supplies::expiring_lots(&clinic, within_days)
		}
		fn recall(product: pallet_supplies::ProductLot) -> Option<pallet_supplies::Recall<AccountId>> {
			pallet_supplies::Recalls::<Runtime>::get(product)
		}
	}

	impl pallet_federated_learning::runtime_api::FederatedLearningApi<Block, AccountId, BlockNumber> for Runtime {
		fn task(task: u64) -> Option<pallet_federated_learning::TaskView<AccountId, BlockNumber>> {
			FederatedLearning::task(task)
		}
		fn tasks(from: u64) -> Vec<(u64, pallet_federated_learning::TaskStatus)> {
			FederatedLearning::tasks(from)
		}
		fn task_algorithm(
			spec: pallet_federated_learning::fl_core::ModelSpec,
			params: pallet_federated_learning::TaskParams<BlockNumber>,
			rule: pallet_federated_learning::fl_core::AggregationRule,
		) -> [u8; 32] {
			FederatedLearning::task_algorithm_of(&spec, &params, &rule)
		}
		fn round(task: u64, round: Option<u32>) -> Option<pallet_federated_learning::RoundView<AccountId, BlockNumber>> {
			FederatedLearning::round(task, round)
		}
		fn global_model(task: u64, version: Option<u32>) -> Option<pallet_federated_learning::GlobalModelView> {
			FederatedLearning::global_model(task, version)
		}
		fn replay(task: u64) -> Option<Vec<pallet_federated_learning::RoundReplay>> {
			FederatedLearning::replay(task)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		/// Runs the runtime's migrations (`Migrations` in `lib.rs`: those whose pallet's
		/// on-chain storage version is behind its code) with their pre- and post-checks and every `try_state`, as `try-runtime
		/// on-runtime-upgrade` asks before an upgrade is proposed to the council.
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks)
				.unwrap_or_else(|error| panic!("try-runtime upgrade checks failed: {error:?}"));
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.unwrap_or_else(|error| panic!("try-runtime execute_block failed: {error:?}"))
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::{baseline, BenchmarkList};
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use frame_system_benchmarking::extensions::Pallet as SystemExtensionsBench;
			use baseline::Pallet as BaselineBench;
			use super::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = AllPalletsWithSystem::storage_info();

			(list, storage_info)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{baseline, BenchmarkBatch};
			use sp_storage::TrackedStorageKey;
			use frame_system_benchmarking::Pallet as SystemBench;
			use frame_system_benchmarking::extensions::Pallet as SystemExtensionsBench;
			use baseline::Pallet as BaselineBench;
			use super::*;

			impl frame_system_benchmarking::Config for Runtime {}
			impl baseline::Config for Runtime {}

			use frame_support::traits::WhitelistedStorageKeys;
			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();

			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);

			Ok(batches)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}
