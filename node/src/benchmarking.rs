//! What `ivf-node benchmark overhead` needs from this node: signed `system.remark`
//! transactions of a development clinic, and the inherents of an empty block. Built only with
//! `--features runtime-benchmarks`, for measuring the runtime's `ExtrinsicBaseWeight` and
//! `BlockExecutionWeight` on the machine at hand (`scripts/benchmarks/run.sh`).

use crate::service::FullClient;
use ivf_runtime::{RuntimeCall, SignedPayload, UncheckedExtrinsic};
use sc_cli::Result;
use sc_client_api::{BlockBackend, HeaderBackend};
use sp_core::{Encode, Pair};
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{OpaqueExtrinsic, SaturatedConversion};
use std::sync::Arc;

/// Builds the `system.remark` transactions that `benchmark overhead` fills blocks with,
/// signed by Bob (a clinic of the development chain, so the membership check lets it in).
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	/// A builder signing against `client`'s best block.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call = RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() });
		signed(&self.client, Sr25519Keyring::Bob.pair(), call, nonce).map(Into::into)
	}
}

/// `call` signed by `sender` with `nonce`, with the transaction extensions an off-chain worker
/// uses (`ivf_runtime::configs::worker_extensions`), mortal from the client's best block.
fn signed(
	client: &FullClient,
	sender: sp_core::sr25519::Pair,
	call: RuntimeCall,
	nonce: u32,
) -> std::result::Result<UncheckedExtrinsic, &'static str> {
	let info = client.info();
	let genesis = client.block_hash(0).ok().flatten().ok_or("no genesis block")?;
	let best: u64 = info.best_number.saturated_into();
	let extensions = ivf_runtime::configs::worker_extensions(best, nonce);
	// The era's birth block, whose hash the signature covers.
	let birth = ivf_runtime::configs::worker_era(best).birth(best);
	let birth_hash = client
		.block_hash(birth.saturated_into())
		.ok()
		.flatten()
		.ok_or("no hash for the era's birth block")?;
	let version = ivf_runtime::VERSION;
	let payload = SignedPayload::from_raw(
		call.clone(),
		extensions.clone(),
		(
			(),
			(),
			version.spec_version,
			version.transaction_version,
			genesis,
			birth_hash,
			(),
			(),
			(),
			(),
			(),
		),
	);
	let signature = payload.using_encoded(|bytes| sender.sign(bytes));
	Ok(UncheckedExtrinsic::new_signed(
		call,
		sp_runtime::AccountId32::from(sender.public()).into(),
		ivf_runtime::Signature::Sr25519(signature),
		extensions,
	))
}

/// The inherent data of a benchmark block: its timestamp.
pub fn inherent_benchmark_data() -> Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(0.into());
	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|error| format!("creating inherent data: {error:?}"))?;
	Ok(inherent_data)
}
