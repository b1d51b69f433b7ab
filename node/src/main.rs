//! `ivf-node`: the node of the IVF consortium chain.

mod allow_list;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod consortium_spec;
mod donor_linkage;
mod replay;
mod rpc;
mod service;
mod session_keys;

fn main() -> sc_cli::Result<()> {
	command::run()
}
