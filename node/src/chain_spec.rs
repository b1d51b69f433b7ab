//! Chain specifications built into the node, one per genesis preset of the runtime.

use ivf_runtime::{genesis_config_presets::CONSORTIUM_LOCAL_PRESET, WASM_BINARY};
use sc_service::ChainType;

/// A chain spec of this node: generic over the runtime, whose genesis comes from its presets.
pub type ChainSpec = sc_service::GenericChainSpec;

pub(crate) fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The runtime's Wasm blob was not built (was SKIP_WASM_BUILD set?)".to_string()
	})
}

/// What polkadot-js apps shows for the fee token.
pub(crate) fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), "IVF".into());
	properties.insert("tokenDecimals".into(), 12.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `--dev`: one authority, Alice.
pub fn development() -> Result<ChainSpec, String> {
	from_preset(
		"IVF Development",
		"ivf_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `--chain local`: two authorities, Alice and Bob.
pub fn local_testnet() -> Result<ChainSpec, String> {
	from_preset(
		"IVF Local Testnet",
		"ivf_local_testnet",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// `--chain consortium-local`: four clinic authorities in GB, FR, NL and ES.
pub fn consortium_local() -> Result<ChainSpec, String> {
	from_preset(
		"IVF Consortium Local",
		"ivf_consortium_local",
		ChainType::Local,
		CONSORTIUM_LOCAL_PRESET,
	)
}
