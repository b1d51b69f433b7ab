//! Dispatches `ivf-node`'s subcommands.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"IVF Consortium Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"the consortium operator of your network".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	/// sc-cli's set-up (name, version, the run-without-subcommand settings), plus this node's
	/// transaction pool defaults: see [`POOL_TYPE`] and [`POOL_LIMIT`].
	fn setup_command(command: clap::Command) -> clap::Command {
		let mut version = Self::impl_version();
		version.push('\n');
		command
			.name(Self::executable_name())
			.version(version)
			.author(Self::author())
			.about(Self::description())
			.long_about(Self::description())
			.after_help(format!("Support: {}", Self::support_url()))
			.propagate_version(true)
			.args_conflicts_with_subcommands(true)
			.subcommand_negates_reqs(true)
			.mut_arg("pool_type", |arg| arg.default_value(POOL_TYPE))
			.mut_arg("pool_limit", |arg| arg.default_value(POOL_LIMIT))
			.mut_arg("pool_kbytes", |arg| arg.default_value(POOL_KBYTES))
	}

	/// `dev`, `local` and `consortium-local` are built in; anything else is a chain spec file.
	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development()?),
			"" | "local" => Box::new(chain_spec::local_testnet()?),
			"consortium-local" | "consortium_local" => Box::new(chain_spec::consortium_local()?),
			path => {
				Box::new(chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path))?)
			},
		})
	}
}

/// The transaction pool this node runs when `--pool-type` is not given: the single-state pool,
/// not upstream's default fork-aware one, which loses transactions it has accepted.
///
/// When a block arrives, the fork-aware pool re-submits its pending transactions to the new
/// block's view in hash-map order, at most 7,000 at a time; a sender's backlog thus reaches the
/// view out of nonce order, waits in its future queue for predecessors that may not come in
/// the same batch, and whatever does not fit there is dropped, with no word to the sender, and
/// with it every later transaction of that sender. `tests/load/load.mjs` showed it: of 56,000
/// `system.remark`s sent in nonce order and all accepted, 20,476 reached a block and the rest
/// never did; with this pool all 56,000 did. A clinic moving its consents onto the chain must
/// not lose one it was told was accepted. What the single-state pool gives up, keeping
/// transactions valid on competing forks, matters little on a chain of a few authorities whose
/// forks GRANDPA settles within blocks. `--pool-type fork-aware` chooses the other.
const POOL_TYPE: &str = "single-state";

/// The transaction pool's default count limit when `--pool-limit` is not given: 65,536 ready
/// transactions, and so (a tenth, fixed by `sc-transaction-pool`) 6,553 in the future queue.
///
/// Upstream's 8,192 leaves 819 future places, too few for a clinic's backlog that reaches a
/// node out of nonce order (gossiped from another node, or sent over several connections):
/// what does not fit is dropped without a word to anyone. A larger queue costs only memory,
/// which [`POOL_KBYTES`] bounds.
const POOL_LIMIT: &str = "65536";

/// The transaction pool's default size limit in KiB when `--pool-kbytes` is not given: 64 MiB
/// ready, 6.4 MiB future (upstream: 20 MiB and 2 MiB), so that the future queue holds
/// [`POOL_LIMIT`]'s tenth of ordinary transactions, not a tenth of the bytes.
const POOL_KBYTES: &str = "65536";

/// The browser origins a node answers when `--rpc-cors` is not given, on every chain: local
/// pages and polkadot-js apps. Upstream's `--dev` default allows every origin, so that any page
/// the operator opens could call the node, unsafe methods included (they are open on
/// loopback); here `--dev` gets the same list as any other chain. Add an origin with
/// `--rpc-cors`.
const DEFAULT_RPC_CORS: [&str; 5] = [
	"http://localhost:*",
	"http://127.0.0.1:*",
	"https://localhost:*",
	"https://127.0.0.1:*",
	"https://polkadot.js.org",
];

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	let mut cli = Cli::from_args();
	cli.run.rpc_params.rpc_cors.get_or_insert_with(|| {
		sc_cli::Cors::List(DEFAULT_RPC_CORS.iter().map(|origin| origin.to_string()).collect())
	});

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::SessionKeys(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ConsortiumSpec(cmd)) => cmd.run().map_err(|error| {
			// The message names the file, the clinic and what to fix: print it as it is.
			eprintln!("Error: {error}");
			std::process::exit(1)
		}),
		Some(Subcommand::DonorLinkageId(cmd)) => cmd.run(),
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => {
			use frame_benchmarking_cli::BenchmarkCmd;
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				match cmd {
				BenchmarkCmd::Pallet(cmd) => cmd
					.run_with_spec::<
						sp_runtime::traits::HashingFor<ivf_runtime::Block>,
						ivf_clinic_host::clinic_node::HostFunctions,
					>(Some(
						config.chain_spec,
					)),
				BenchmarkCmd::Machine(cmd) => {
					cmd.run(&config, frame_benchmarking_cli::SUBSTRATE_REFERENCE_HARDWARE.clone())
				},
				// The database weights of ParityDB on this machine, against the state of the
				// chain at `--base-path` (`runtime/src/weights/paritydb_weights.rs`).
				BenchmarkCmd::Storage(cmd) => {
					let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
					let db = backend.expose_db();
					let storage = backend.expose_storage();
					let shared_trie_cache = backend.expose_shared_trie_cache();
					cmd.run(config, client, db, storage, shared_trie_cache)
				},
				// `ExtrinsicBaseWeight` and `BlockExecutionWeight` on this machine
				// (`runtime/src/weights/{extrinsic,block}_weights.rs`).
				BenchmarkCmd::Overhead(cmd) => {
					let PartialComponents { client, .. } = service::new_partial(&config)?;
					let remarks = crate::benchmarking::RemarkBuilder::new(client.clone());
					cmd.run(
						config.chain_spec.name().into(),
						client,
						crate::benchmarking::inherent_benchmark_data()?,
						Vec::new(),
						&remarks,
						false,
					)
				},
				_ => Err("`benchmark pallet`, `machine`, `storage` and `overhead` are supported".into()),
			}
			})
		},
		Some(Subcommand::FlReplay(cmd)) => cmd.run().or_else(|error| {
			eprintln!("{error}");
			std::process::exit(1)
		}),
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<ivf_runtime::Block>(&config))
		},
		None => {
			let runner = cli.create_runner(&cli.run)?;
			let datasets = cli.clinic.datasets.clone();
			runner.run_node_until_exit(|config| async move {
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							ivf_runtime::opaque::Block,
							ivf_runtime::opaque::Hash,
						>,
					>(config, datasets)
					.map_err(sc_cli::Error::Service),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config, datasets)
							.map_err(sc_cli::Error::Service)
					},
				}
			})
		},
	}
}
