//! `ivf-node fl-replay`: recomputes every round of a federated training task from what is on
//! chain, natively, and checks each stored model hash.
//!
//! The replay trusts neither the node it reads from nor the runtime's own `fl_replay`: it
//! reads raw storage and blocks over the node's JSON-RPC (HTTP), decodes them with the
//! pallet's types, starts from the spec's initial model (`fl_core::ModelSpec::
//! initial_global_model`) and aggregates each round's revealed updates with `fl-core`
//! compiled into this binary. A round's updates come from state while the chain keeps them
//! (`MaxRoundsKept`); older ones come from the `reveal_update` extrinsics in the blocks of
//! the round's reveal phase, each checked against the clinic's commitment
//! (`commitment_hash` of the update and salt in the commitment's context: the genesis hash, task, round, dataset and clinic). Each recomputed model's hash must equal the hash the
//! round stored, and the recomputed model is the next round's starting point, so one wrong
//! round cannot hide behind a later one.
//!
//! It prints one line per round and `OK` at the end, or stops at the first mismatch and
//! exits with an error.

use codec::{Decode, Encode};
use fl_core::{AggregationRule, ClientUpdate, ModelSpec};
use fl_rpc::hex;
use ivf_runtime::{Runtime, RuntimeCall, UncheckedExtrinsic};
use pallet_federated_learning::{
	commitment_hash, model_hash, Call as FlCall, CommitmentContext, ContributionState, Models,
	RevealedUpdates, RoundOf, RoundOutcome, Rounds, TaskOf, Tasks,
};
use serde_json::{json, Value};
use std::{
	collections::BTreeMap,
	io::{Read, Write},
	net::TcpStream,
	time::Duration,
};

/// `ivf-node fl-replay --task <id> [--url http://127.0.0.1:9944] [--at <block hash>]`
#[derive(Debug, clap::Parser)]
pub struct ReplayCmd {
	/// The task to replay.
	#[arg(long)]
	pub task: u64,

	/// JSON-RPC endpoint of any node of the chain (plain HTTP; the node's `--rpc-port`).
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub url: String,

	/// Replay the chain as of this block (hex hash); the finalized head by default.
	#[arg(long)]
	pub at: Option<String>,
}

/// Why a replay could not say OK.
#[derive(Debug)]
pub enum ReplayError {
	/// The node could not be asked, or answered something unreadable.
	Rpc(String),
	/// The chain holds no such task, or not the data to replay it.
	Missing(String),
	/// A recomputed model differs from the stored one.
	Mismatch(String),
}

impl std::fmt::Display for ReplayError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			ReplayError::Rpc(why) => write!(f, "cannot read the chain: {why}"),
			ReplayError::Missing(why) => write!(f, "cannot replay: {why}"),
			ReplayError::Mismatch(why) => write!(f, "MISMATCH {why}"),
		}
	}
}

impl ReplayCmd {
	/// Runs the replay, printing a line per round; `Ok` only if every aggregated round verified.
	pub fn run(&self) -> Result<(), ReplayError> {
		let rpc = HttpRpc::new(&self.url)?;
		let at = match &self.at {
			Some(hash) => hash.clone(),
			None => rpc.call_str("chain_getFinalizedHead", json!([]))?,
		};
		let header = rpc.call("chain_getHeader", json!([at]))?;
		let at_number = header["number"].as_str().and_then(parse_hex_u64).unwrap_or_default();
		let chain = Chain { rpc, at };

		let task: TaskOf<Runtime> =
			chain.storage(&Tasks::<Runtime>::hashed_key_for(self.task))?.ok_or_else(|| {
				ReplayError::Missing(format!("no task {} at block #{at_number}", self.task))
			})?;
		let spec: ModelSpec = task
			.model_spec()
			.ok_or_else(|| ReplayError::Missing("the task's spec does not decode".into()))?;
		println!(
			"task {}: {:?}, {} of {} rounds aggregated, rule {}, {} parameters; chain at block #{at_number} {}",
			self.task,
			task.status,
			task.aggregated_rounds,
			task.params.rounds,
			rule_name(task.rule),
			task.parameter_count,
			chain.at,
		);

		// Version 0 is the spec's initial model; each aggregated round adds the next version.
		let mut models: BTreeMap<u32, Vec<i32>> = BTreeMap::new();
		let initial = spec
			.initial_global_model()
			.map_err(|e| ReplayError::Missing(format!("the spec's initial model: {e:?}")))?;
		self.check_version(&chain, 0, &initial)?;
		models.insert(0, initial);

		let mut verified = 0u32;
		for round in 1..=task.round {
			let record: RoundOf<Runtime> = chain
				.storage(&Rounds::<Runtime>::hashed_key_for(self.task, round))?
				.ok_or_else(|| ReplayError::Missing(format!("round {round} is not in state")))?;
			let (version, stored_hash) = match record.outcome {
				RoundOutcome::Aggregated { version, model_hash, .. } => (version, model_hash),
				RoundOutcome::Failed { reason, .. } => {
					println!("round {round}: failed ({reason:?}), no model to check");
					continue;
				},
				RoundOutcome::Open => {
					println!("round {round}: open, nothing to check yet");
					continue;
				},
			};
			let base = models.get(&record.base_version).ok_or_else(|| {
				ReplayError::Missing(format!(
					"round {round} starts from version {}, which no earlier round made",
					record.base_version
				))
			})?;

			let (updates, from_blocks) = self.revealed_updates(&chain, &task, round, &record)?;
			let client_updates: Vec<ClientUpdate<'_>> = updates
				.iter()
				.map(|(delta, samples)| ClientUpdate { delta, samples: *samples as u64 })
				.collect();
			let recomputed = fl_core::aggregate(task.rule, base, &client_updates).map_err(|e| {
				ReplayError::Mismatch(format!("at round {round}: aggregation fails here: {e:?}"))
			})?;
			let recomputed_hash = model_hash(&recomputed);
			if recomputed_hash != stored_hash {
				return Err(ReplayError::Mismatch(format!(
					"at round {round}: stored model hash {}, recomputed {}",
					hex(&stored_hash),
					hex(&recomputed_hash)
				)));
			}
			self.check_version(&chain, version, &recomputed)?;
			println!(
				"round {round}: OK  model v{version} {} from {} updates ({} samples; {} read from blocks)",
				hex(&recomputed_hash),
				updates.len(),
				updates.iter().map(|(_, s)| *s as u64).sum::<u64>(),
				from_blocks,
			);
			models.insert(version, recomputed);
			verified += 1;
		}
		println!("OK: {verified} aggregated rounds of task {} verified", self.task);
		Ok(())
	}

	/// The updates that made `round`, in the order of its contributions, with their sample
	/// counts; and how many of them had to be read from blocks.
	fn revealed_updates(
		&self,
		chain: &Chain,
		task: &TaskOf<Runtime>,
		round: u32,
		record: &RoundOf<Runtime>,
	) -> Result<(Vec<(Vec<i32>, u32)>, usize), ReplayError> {
		let contributors: Vec<_> = record
			.contributions
			.iter()
			.filter(|c| c.state == ContributionState::Aggregated)
			.collect();
		let mut from_state = BTreeMap::new();
		for c in &contributors {
			let key = RevealedUpdates::<Runtime>::hashed_key_for((self.task, round, c.dataset));
			if let Some(update) = chain.storage::<Vec<i32>>(&key)? {
				from_state.insert(c.dataset, update);
			}
		}
		let from_blocks = if from_state.len() < contributors.len() {
			self.reveals_in_blocks(chain, task, round, record)?
		} else {
			BTreeMap::new()
		};
		let mut updates = Vec::with_capacity(contributors.len());
		for c in contributors {
			let update = from_state
				.get(&c.dataset)
				.or_else(|| from_blocks.get(&c.dataset))
				.cloned()
				.ok_or_else(|| {
					ReplayError::Missing(format!(
						"round {round}: dataset {}'s revealed update is neither in state nor in \
						 blocks #{}..=#{}",
						c.dataset,
						record.reveal_from,
						closed_at(record),
					))
				})?;
			updates.push((update, c.commitment.samples));
		}
		let read_from_blocks = updates.len() - from_state.len();
		Ok((updates, read_from_blocks))
	}

	/// Every `reveal_update` of this task and round in the blocks of the round's reveal phase
	/// whose update and salt match the dataset's commitment, by dataset.
	fn reveals_in_blocks(
		&self,
		chain: &Chain,
		task: &TaskOf<Runtime>,
		round: u32,
		record: &RoundOf<Runtime>,
	) -> Result<BTreeMap<u32, Vec<i32>>, ReplayError> {
		// A commitment is bound to the chain's genesis hash and to the dataset's clinic.
		let genesis = chain
			.rpc
			.call_str("chain_getBlockHash", json!([0]))
			.ok()
			.and_then(|hash| from_hex(&hash))
			.ok_or_else(|| ReplayError::Missing("the chain's genesis hash".into()))?;
		let context = |dataset: u32| {
			task.participant(dataset).map(|p| CommitmentContext {
				genesis: genesis.clone(),
				task: self.task,
				round,
				dataset,
				clinic: p.clinic.encode(),
			})
		};
		let mut found = BTreeMap::new();
		for number in record.reveal_from..=closed_at(record) {
			let hash = chain.rpc.call_str("chain_getBlockHash", json!([number]))?;
			let block = chain.rpc.call("chain_getBlock", json!([hash]))?;
			let extrinsics = block["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
			for encoded in extrinsics {
				let bytes = encoded.as_str().and_then(from_hex).unwrap_or_default();
				let Ok(xt) = UncheckedExtrinsic::decode(&mut &bytes[..]) else { continue };
				let RuntimeCall::FederatedLearning(FlCall::reveal_update {
					task,
					round: r,
					dataset,
					update,
					salt,
				}) = xt.function
				else {
					continue;
				};
				let matches = record.contributions.iter().any(|c| {
					c.dataset == dataset
						&& context(dataset).is_some_and(|context| {
							c.commitment.update_hash == commitment_hash(&context, &update, &salt)
						})
				});
				if task == self.task && r == round && matches {
					found.insert(dataset, update.into_inner());
				}
			}
		}
		Ok(found)
	}

	/// If the chain still holds model `version`, it must be `parameters` with its hash.
	fn check_version(
		&self,
		chain: &Chain,
		version: u32,
		parameters: &[i32],
	) -> Result<(), ReplayError> {
		let key = Models::<Runtime>::hashed_key_for(self.task, version);
		let stored: Option<pallet_federated_learning::ModelOf<Runtime>> = chain.storage(&key)?;
		match stored {
			Some(model)
				if model.parameters.as_slice() != parameters
					|| model.hash != model_hash(parameters) =>
			{
				Err(ReplayError::Mismatch(format!(
					"in model v{version}: the stored parameters are not the recomputed ones"
				)))
			},
			_ => Ok(()),
		}
	}
}

fn closed_at(record: &RoundOf<Runtime>) -> u32 {
	match record.outcome {
		RoundOutcome::Aggregated { closed_at, .. } | RoundOutcome::Failed { closed_at, .. } => {
			closed_at
		},
		RoundOutcome::Open => record.close_at,
	}
}

fn rule_name(rule: AggregationRule) -> String {
	match rule {
		AggregationRule::FedAvg => "FedAvg".into(),
		AggregationRule::Median => "median".into(),
		AggregationRule::TrimmedMean { trim_each_side } => {
			format!("trimmed mean ({trim_each_side} each side)")
		},
	}
}

/// Storage and blocks of one chain as of one block.
struct Chain {
	rpc: HttpRpc,
	at: String,
}

impl Chain {
	/// The value under `key` at the replayed block, decoded; `None` if there is none.
	fn storage<V: Decode>(&self, key: &[u8]) -> Result<Option<V>, ReplayError> {
		let value = self.rpc.call("state_getStorage", json!([hex(key), self.at]))?;
		let Some(encoded) = value.as_str() else { return Ok(None) };
		let bytes = from_hex(encoded)
			.ok_or_else(|| ReplayError::Rpc(format!("storage value is not hex: {encoded}")))?;
		V::decode(&mut &bytes[..]).map(Some).map_err(|e| {
			ReplayError::Rpc(format!("storage value {} does not decode: {e}", hex(key)))
		})
	}
}

/// A minimal JSON-RPC client over HTTP/1.1 (the node serves HTTP and WebSocket on one port):
/// one request per connection, so nothing but the standard library is needed.
struct HttpRpc {
	host_port: String,
	path: String,
}

impl HttpRpc {
	fn new(url: &str) -> Result<Self, ReplayError> {
		let rest =
			url.strip_prefix("http://")
				.or_else(|| url.strip_prefix("ws://"))
				.ok_or_else(|| {
					ReplayError::Rpc(format!("{url}: give an http:// URL (TLS is not supported)"))
				})?;
		let (host_port, path) = match rest.find('/') {
			Some(i) => (&rest[..i], &rest[i..]),
			None => (rest, "/"),
		};
		Ok(Self { host_port: host_port.into(), path: path.into() })
	}

	fn call(&self, method: &str, params: Value) -> Result<Value, ReplayError> {
		let body =
			json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
		let rpc_error =
			|why: String| ReplayError::Rpc(format!("{method} at {}: {why}", self.host_port));
		let mut stream =
			TcpStream::connect(&self.host_port).map_err(|e| rpc_error(e.to_string()))?;
		stream.set_read_timeout(Some(Duration::from_secs(60))).ok();
		write!(
			stream,
			"POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
			self.path,
			self.host_port,
			body.len(),
			body
		)
		.map_err(|e| rpc_error(e.to_string()))?;
		let mut response = Vec::new();
		stream.read_to_end(&mut response).map_err(|e| rpc_error(e.to_string()))?;
		let split = response
			.windows(4)
			.position(|w| w == b"\r\n\r\n")
			.ok_or_else(|| rpc_error("no HTTP header".into()))?;
		let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
		let mut payload = response[split + 4..].to_vec();
		if head.contains("transfer-encoding: chunked") {
			payload = dechunk(&payload).ok_or_else(|| rpc_error("bad chunked body".into()))?;
		}
		let answer: Value =
			serde_json::from_slice(&payload).map_err(|e| rpc_error(e.to_string()))?;
		if let Some(error) = answer.get("error") {
			return Err(rpc_error(error.to_string()));
		}
		Ok(answer["result"].clone())
	}

	fn call_str(&self, method: &str, params: Value) -> Result<String, ReplayError> {
		self.call(method, params)?
			.as_str()
			.map(str::to_owned)
			.ok_or_else(|| ReplayError::Rpc(format!("{method}: no answer")))
	}
}

/// The body of a `Transfer-Encoding: chunked` response.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
	let mut out = Vec::new();
	loop {
		let line_end = body.windows(2).position(|w| w == b"\r\n")?;
		let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
		let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
		body = &body[line_end + 2..];
		if size == 0 {
			return Some(out);
		}
		out.extend_from_slice(body.get(..size)?);
		body = body.get(size + 2..)?;
	}
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	if digits.len() % 2 != 0 {
		return None;
	}
	(0..digits.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&digits[i..i + 2], 16).ok())
		.collect()
}

fn parse_hex_u64(text: &str) -> Option<u64> {
	u64::from_str_radix(text.strip_prefix("0x").unwrap_or(text), 16).ok()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dechunk_joins_chunks() {
		assert_eq!(dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").as_deref(), Some(&b"abcde"[..]));
		assert_eq!(dechunk(b"3\r\nab"), None);
	}

	#[test]
	fn urls_without_http_are_refused() {
		assert!(HttpRpc::new("https://node.example:443").is_err());
		let rpc = HttpRpc::new("http://127.0.0.1:9944").unwrap();
		assert_eq!((rpc.host_port.as_str(), rpc.path.as_str()), ("127.0.0.1:9944", "/"));
	}

	#[test]
	fn hex_round_trips() {
		assert_eq!(from_hex(&hex(&[0, 1, 254, 255])), Some(vec![0, 1, 254, 255]));
		assert_eq!(from_hex("0x123"), None);
	}
}
