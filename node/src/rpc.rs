//! The node's own JSON-RPC methods, merged with Substrate's standard ones.

use std::sync::Arc;

use ivf_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC methods need from the node.
pub struct FullDeps<C, P> {
	/// The client, to call the runtime.
	pub client: Arc<C>,
	/// The transaction pool, for account nonces that count pending transactions.
	pub pool: Arc<P>,
}

/// Builds the RPC module: `system_accountNextIndex`, `payment_queryInfo` and kin, and the
/// researchers' `fl_*` methods (tasks, rounds, global models, replay).
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	C::Api:
		pallet_federated_learning::runtime_api::FederatedLearningApi<Block, AccountId, BlockNumber>,
	P: TransactionPool + 'static,
{
	use fl_rpc::{FederatedLearning, FederatedLearningApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(
		FederatedLearning::<_, Block, AccountId, BlockNumber>::new(client.clone()).into_rpc(),
	)?;
	module.merge(TransactionPayment::new(client).into_rpc())?;

	Ok(module)
}
