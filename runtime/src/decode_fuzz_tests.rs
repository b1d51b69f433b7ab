//! Decoding fuzz of every extrinsic argument type: random bytes behind each call index of
//! every pallet a signed extrinsic can reach (the consortium's seven and FRAME's), and random
//! whole extrinsics, decoded as the node decodes what a client sends (`RuntimeCall` and
//! `UncheckedExtrinsic` with the depth limit). Nothing may panic, and whatever decodes must
//! encode to bytes that decode to the same value (no argument type reads differently the second
//! time).
//!
//! Bounded by default (seed and cases printed); longer on demand:
//! `IVF_FUZZ_CASES=200000 IVF_FUZZ_SEED=$RANDOM SKIP_WASM_BUILD=1 cargo test --release -p
//! ivf-runtime --lib fuzz_ -- --nocapture`.

use crate::{RuntimeCall, UncheckedExtrinsic};
use codec::{DecodeLimit, Encode};
use frame_support::traits::{GetCallIndex, PalletInfoAccess};
use pallet_federated_learning::fl_core::rng::{self, env_or, Prng};

/// Cases per call index of the bounded run, unless `IVF_FUZZ_CASES` says more.
const CASES: u64 = 150;
const SEED: u64 = 0xdec0_2026;
/// The depth limit the node applies to extrinsics (`MAX_EXTRINSIC_DEPTH`).
const DEPTH: u32 = 256;

/// Each pallet's index and its call indexes.
fn call_indexes() -> Vec<(u8, &'static [u8])> {
	use crate::Runtime as R;
	vec![
		(crate::System::index() as u8, frame_system::Call::<R>::get_call_indices()),
		(crate::Balances::index() as u8, pallet_balances::Call::<R>::get_call_indices()),
		(
			crate::Council::index() as u8,
			pallet_collective::Call::<R, pallet_collective::Instance1>::get_call_indices(),
		),
		(crate::Session::index() as u8, pallet_session::Call::<R>::get_call_indices()),
		(crate::Consortium::index() as u8, pallet_consortium::Call::<R>::get_call_indices()),
		(crate::Consent::index() as u8, pallet_consent::Call::<R>::get_call_indices()),
		(crate::DataAccess::index() as u8, pallet_data_access::Call::<R>::get_call_indices()),
		(crate::DonorMatching::index() as u8, pallet_donor_matching::Call::<R>::get_call_indices()),
		(
			crate::FederatedLearning::index() as u8,
			pallet_federated_learning::Call::<R>::get_call_indices(),
		),
		(crate::Custody::index() as u8, pallet_custody::Call::<R>::get_call_indices()),
		(crate::Supplies::index() as u8, pallet_supplies::Call::<R>::get_call_indices()),
	]
}

/// Random argument bytes: mostly short (where the interesting compact prefixes and enum tags
/// are), sometimes long; now and then a compact length prefix claiming a huge vector.
fn random_tail(prng: &mut Prng) -> Vec<u8> {
	let len = match rng::below(prng, 10) {
		0..=5 => rng::below(prng, 48),
		6..=8 => rng::below(prng, 400),
		_ => rng::below(prng, 4_000),
	} as usize;
	let mut tail: Vec<u8> = (0..len).map(|_| rng::below(prng, 256) as u8).collect();
	if rng::below(prng, 8) == 0 {
		let at = rng::below(prng, tail.len() as u64 + 1) as usize;
		let huge = codec::Compact(u32::MAX - rng::below(prng, 1000) as u32).encode();
		tail.splice(at..at, huge);
	}
	tail
}

/// Decodes `bytes` as `T` with the node's depth limit; what decodes must round-trip.
fn decode_round_trips<T: DecodeLimit + Encode + PartialEq + core::fmt::Debug>(
	bytes: &[u8],
) -> Result<bool, String> {
	// A prefix decodes as the call; the rest would be left over (and refused by the node's
	// `decode_all`): the argument decoders run on every byte either way.
	let Ok(value) = T::decode_with_depth_limit(DEPTH, &mut &bytes[..]) else {
		return Ok(false);
	};
	let again = T::decode_all_with_depth_limit(DEPTH, &mut &value.encode()[..])
		.map_err(|e| format!("{value:?} encodes to bytes that do not decode: {e}"))?;
	if again != value {
		return Err(format!("{value:?} decodes back as {again:?}"));
	}
	Ok(true)
}

#[test]
fn fuzz_every_call_argument_type_decodes_without_panic_and_round_trips() {
	let seed = env_or("IVF_FUZZ_SEED", SEED);
	let cases = env_or("IVF_FUZZ_CASES", CASES);
	let indexes = call_indexes();
	let calls: usize = indexes.iter().map(|(_, c)| c.len()).sum();
	println!(
		"fuzz: call decoding, seed {seed}, {cases} cases for each of {calls} calls (IVF_FUZZ_SEED, IVF_FUZZ_CASES)"
	);
	let mut prng = rng::prng(rng::seed_from_u64(seed));
	let mut decoded = 0u64;
	for (pallet, calls) in indexes {
		for &call in calls {
			for case in 0..cases {
				let mut bytes = vec![pallet, call];
				bytes.extend(random_tail(&mut prng));
				let outcome =
					std::panic::catch_unwind(|| decode_round_trips::<RuntimeCall>(&bytes));
				match outcome {
					Ok(Ok(true)) => decoded += 1,
					Ok(Ok(false)) => {},
					Ok(Err(why)) => {
						panic!("fuzz: seed {seed} call {pallet}/{call} case {case}: {why}")
					},
					Err(_) => panic!(
						"fuzz: seed {seed} call {pallet}/{call} case {case}: decoding panicked on 0x{}",
						hex(&bytes)
					),
				}
			}
		}
	}
	// Whole extrinsics: random bytes after a valid length prefix and a version byte.
	for case in 0..cases * 20 {
		let mut body = vec![[0x04u8, 0x84, 0x05][rng::below(&mut prng, 3) as usize]];
		body.extend(random_tail(&mut prng));
		let bytes = [codec::Compact(body.len() as u32).encode(), body].concat();
		let outcome = std::panic::catch_unwind(|| {
			UncheckedExtrinsic::decode_all_with_depth_limit(DEPTH, &mut &bytes[..]).is_ok()
		});
		assert!(
			outcome.is_ok(),
			"fuzz: seed {seed} extrinsic case {case}: decoding panicked on 0x{}",
			hex(&bytes)
		);
	}
	println!("fuzz: {decoded} random argument strings decoded to calls, every one round-tripped");
	assert!(decoded > 0, "no random argument string decoded: the fuzzer reaches no argument");
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}
