//! Command-line interface of `ivf-node`.

/// `ivf-node [SUBCOMMAND] [OPTIONS]`: with no subcommand, runs a node.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	#[clap(flatten)]
	pub clinic: ClinicArgs,
}

/// What a clinic's node trains on.
#[derive(Debug, Clone, clap::Args)]
pub struct ClinicArgs {
	/// A dataset of this clinic for federated training, as `ID=FILE`: the dataset's id on
	/// chain and its CSV file (the `ivf-synth` columns). Repeat for several datasets. The node
	/// checks each file at start and whenever it changes (a malformed line is logged with its
	/// line and column, and the file then loads nothing); the rows never leave the node: no
	/// RPC method returns them and nothing of them is copied to the off-chain database.
	#[arg(long = "dataset", value_name = "ID=FILE")]
	pub datasets: Vec<ivf_clinic_host::native::DatasetFile>,
}

#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate keys, and insert a clinic's keys into its node's keystore.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Print what `session.setKeys` takes (the session keys in the node's keystore, and the
	/// proof that `--owner` holds them), with no unsafe RPC.
	SessionKeys(crate::session_keys::SessionKeysCmd),

	/// Build a chain specification (deprecated upstream; prefer `export-chain-spec`).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification, e.g. `--chain consortium-local --raw`.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Build a consortium's own chain spec from its clinics' names, countries and public keys
	/// (`--consortium consortium.json --raw --output spec.json`): no development key, no sudo.
	ConsortiumSpec(crate::consortium_spec::ConsortiumSpecCmd),

	/// Print a donor's consortium linkage id (the key of `donorMatching.registerDonor`) from the
	/// donor's identity and the consortium's linkage key: `--key-file FILE --country CC` and
	/// `--national-id ID`, or `--name --birth-date --birth-place`.
	DonorLinkageId(crate::donor_linkage::DonorLinkageCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmark the runtime's pallets (needs `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Recompute every round of a federated training task from chain data with fl-core and
	/// check each stored model hash, over any node's RPC: prints OK or the first mismatch.
	FlReplay(crate::replay::ReplayCmd),
}
