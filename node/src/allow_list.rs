//! The network's allow-list, kept by the chain: only the nodes of active members sync.
//!
//! Members list their node's peer id on chain (`consortium.setNode`; the first clinics' nodes
//! in the chain spec), and removing or suspending a member takes its node off the list. On a
//! chain that lists nodes, the node starts its block-sync protocol reserved-only
//! ([`is_permissioned`]), and this task names the reserved peers: the listed nodes, read from
//! the runtime ([`NodeAllowListApi`]) when the node starts and at every finalised block. A node
//! off the list can still dial, but no listed node opens a sync substream with it, so it never
//! receives a block; GRANDPA's gossip and transactions follow the sync peers, so it receives
//! neither votes nor transactions. A node taken off the list is disconnected at once.
//!
//! The list is read at finalised blocks, not at each new best block, so that a fork never
//! flips it. An empty list means an open network: the development chains list no node.
//! Peer ids that are not well-formed are skipped (the runtime checks their shape, not that a
//! key exists).
//!
//! Reserved-only mode is set in the network's configuration, not switched on at run time
//! while peers are connected: the litep2p backend of polkadot-sdk stable2609 then marks every
//! connected reserved peer as closing without closing it, and no later change of the reserved
//! set disconnects such a peer. A chain that starts open and later lists nodes is switched at
//! run time all the same; its nodes cut off a removed member's node from their next restart.

use crate::service::FullClient;
use futures::StreamExt;
use ivf_runtime::opaque::Block;
use pallet_consortium::runtime_api::NodeAllowListApi;
use sc_client_api::{BlockchainEvents, HeaderBackend};
use sc_network::{service::traits::NetworkService, PeerId};
use sp_api::{ApiExt, ProvideRuntimeApi};
use std::{collections::HashSet, sync::Arc};

const LOG_TARGET: &str = "ivf::allow-list";

/// Whether the chain lists nodes at the node's best block: then block sync starts
/// reserved-only.
pub fn is_permissioned(client: &FullClient) -> bool {
	listed_nodes(client, client.info().best_hash).is_some_and(|listed| !listed.is_empty())
}

/// Follows the chain's allow-list for as long as the node runs; `reserved_only` is the mode
/// block sync started in.
pub async fn follow(
	client: Arc<FullClient>,
	network: Arc<dyn NetworkService>,
	reserved_only: bool,
) {
	let mut state = Applied { peers: None, reserved_only };
	let finalized = client.info().finalized_hash;
	apply(&client, &*network, finalized, &mut state);
	let mut finality = client.finality_notification_stream();
	while let Some(notification) = finality.next().await {
		apply(&client, &*network, notification.hash, &mut state);
	}
}

/// What the node last applied.
struct Applied {
	/// The allowed peers (`Some(None)`: an open network), or `None` before the first read.
	peers: Option<Option<HashSet<PeerId>>>,
	/// Whether block sync is reserved-only.
	reserved_only: bool,
}

/// The peer ids the runtime at `at` lists, or `None` (with a warning) if it cannot say.
fn listed_nodes(client: &FullClient, at: sp_core::H256) -> Option<Vec<Vec<u8>>> {
	let api = client.runtime_api();
	match api.has_api::<dyn NodeAllowListApi<Block>>(at) {
		Ok(true) => {},
		// A runtime without the API (none of this chain's) leaves the network as it is.
		Ok(false) => return None,
		Err(error) => {
			log::warn!(target: LOG_TARGET, "cannot read the runtime at {at}: {error}");
			return None;
		},
	}
	api.allowed_nodes(at)
		.inspect_err(
			|error| log::warn!(target: LOG_TARGET, "cannot read the allow-list at {at}: {error}"),
		)
		.ok()
}

/// Applies the allow-list of the state at `at`, if it differs from what was applied last.
fn apply(
	client: &FullClient,
	network: &dyn NetworkService,
	at: sp_core::H256,
	state: &mut Applied,
) {
	let Some(listed) = listed_nodes(client, at) else { return };
	let local = network.local_peer_id();
	let wanted = allowed_peers(&listed, local);
	if state.peers.as_ref() == Some(&wanted) {
		return;
	}
	match &wanted {
		None => {
			if state.reserved_only {
				network.set_authorized_only(false);
				state.reserved_only = false;
			}
			log::info!(target: LOG_TARGET, "🌐 No node is listed on chain: the network is open");
		},
		Some(peers) => {
			network.set_authorized_peers(peers.clone());
			if !state.reserved_only {
				network.set_authorized_only(true);
				state.reserved_only = true;
			}
			log::info!(
				target: LOG_TARGET,
				"🔐 Syncing only with the {} other node(s) the members list on chain",
				peers.len()
			);
			if !is_listed(&listed, local) {
				log::warn!(
					target: LOG_TARGET,
					"This node ({}) is not on the chain's allow-list: the consortium's nodes will \
					 not sync with it until a member lists it (consortium.setNode)",
					local
				);
			}
		},
	}
	state.peers = Some(wanted);
}

/// Whether `local` is among the listed peer ids.
fn is_listed(listed: &[Vec<u8>], local: PeerId) -> bool {
	listed.iter().any(|id| PeerId::from_bytes(id).ok() == Some(local))
}

/// The peers to sync with: every well-formed listed peer id but this node's own, or `None` for
/// an open network (nothing listed).
fn allowed_peers(listed: &[Vec<u8>], local: PeerId) -> Option<HashSet<PeerId>> {
	if listed.is_empty() {
		return None;
	}
	Some(
		listed
			.iter()
			.filter_map(|id| PeerId::from_bytes(id).ok())
			.filter(|peer| *peer != local)
			.collect(),
	)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn peer(byte: u8) -> PeerId {
		let mut id = vec![0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
		id.extend([byte; 32]);
		PeerId::from_bytes(&id).unwrap()
	}

	#[test]
	fn nothing_listed_is_an_open_network() {
		assert_eq!(allowed_peers(&[], peer(1)), None);
	}

	#[test]
	fn the_listed_peers_but_this_node_are_allowed_and_malformed_ids_skipped() {
		let listed = vec![peer(1).to_bytes(), peer(2).to_bytes(), b"not a peer id".to_vec()];
		let allowed = allowed_peers(&listed, peer(1)).unwrap();
		assert_eq!(allowed, HashSet::from([peer(2)]));
	}

	#[test]
	fn a_list_of_only_malformed_ids_allows_no_one() {
		let allowed = allowed_peers(&[b"not a peer id".to_vec()], peer(1));
		assert_eq!(allowed, Some(HashSet::new()));
	}
}
