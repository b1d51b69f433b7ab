//! What secure aggregation costs a round: bytes on chain per clinic, and the time to mask one
//! update and to unmask the sum (natively, release build), with and without dropouts.
//!
//! ```text
//! secagg-bench [--repeat 7]
//! ```
//!
//! Runs whole rounds through `fl_core::secure_aggregation` (keys, dealt and opened shares,
//! masked inputs, revealed shares checked against their commitments) for 4 and 16 clinics
//! and 1,000 and 10,000 parameters, threshold `t = n/2 + 1`, and prints one table. Times are
//! medians over `--repeat` runs.

use std::{process::ExitCode, time::Instant};

use fl_core::secure_aggregation::{
	check_share, deal_shares, mask, open_share, shares_to_reveal, unmask_sum, weighted_update,
	MaskContext, MaskKeys, MaskedInput, ParticipantKeys, RevealedShares, SecAggError, SecretKind,
	Share, SharesForRecipient,
};
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

/// Bytes one clinic puts on chain in a round, payload only (no extrinsic envelope, the same
/// for both ways): `(cleartext, secure)`.
fn bytes_per_clinic(clinics: usize, parameters: usize) -> (usize, usize) {
	let samples = 8;
	let cleartext = 4 * parameters + samples;
	let public_keys = 2 * 32;
	// Two secrets, one share of each per participant: ciphertext + commitment.
	let dealt = clinics * 2 * (32 + 32);
	let masked = 8 * parameters;
	// One 32-byte share per participant (its dealer and kind follow from the survivors, its x
	// from the revealer).
	let revealed = clinics * 32;
	(cleartext, public_keys + dealt + masked + samples + revealed)
}

struct Round {
	context: MaskContext,
	threshold: usize,
	keys: Vec<MaskKeys>,
	participants: Vec<ParticipantKeys>,
	dealt: Vec<Vec<SharesForRecipient>>,
	masked: Vec<Vec<u64>>,
}

fn set_up(clinics: usize, parameters: usize, rng: &mut ChaCha20Rng) -> Result<Round, SecAggError> {
	let context = MaskContext { task: 1, round: 1, parameters: parameters as u32 };
	let threshold = clinics / 2 + 1;
	let keys: Vec<MaskKeys> = (0..clinics)
		.map(|_| {
			let mut secret = [0u8; 32];
			rng.fill_bytes(&mut secret);
			MaskKeys::from_seed(&MaskKeys::round_seed(&secret, &context))
		})
		.collect();
	let participants: Vec<_> = keys.iter().map(MaskKeys::public_keys).collect();
	let dealt = keys
		.iter()
		.enumerate()
		.map(|(i, k)| deal_shares(&context, k, i as u32, &participants, threshold))
		.collect::<Result<Vec<_>, _>>()?;
	let masked = keys
		.iter()
		.enumerate()
		.map(|(i, k)| {
			let delta: Vec<i32> = (0..parameters)
				.map(|_| (rng.next_u32() % (1 << 20)) as i32 - (1 << 19))
				.collect();
			let weighted = weighted_update(&delta, 1000 + rng.next_u64() % 5000)?;
			mask(&context, k, i as u32, &participants, &weighted)
		})
		.collect::<Result<Vec<_>, _>>()?;
	Ok(Round { context, threshold, keys, participants, dealt, masked })
}

/// The shares the survivors reveal (all of them), each opened by its holder and checked
/// against its commitment as the runtime would.
fn reveal(
	round: &Round,
	survivors: &[u32],
) -> Result<Vec<(u32, SecretKind, Vec<Share>)>, SecAggError> {
	shares_to_reveal(round.participants.len(), survivors)?
		.into_iter()
		.map(|request| {
			let shares = survivors
				.iter()
				.map(|&holder| {
					let for_holder = &round.dealt[request.dealer as usize][holder as usize];
					let dealt = match request.kind {
						SecretKind::MaskKey => for_holder.mask_key,
						SecretKind::SelfMask => for_holder.self_mask,
					};
					let share = open_share(
						&round.context,
						&round.keys[holder as usize],
						holder,
						request.dealer,
						&round.participants,
						request.kind,
						&dealt,
					)?;
					check_share(
						&round.context,
						request.dealer,
						holder,
						request.kind,
						&share,
						&dealt.commitment,
					)?;
					Ok(share)
				})
				.collect::<Result<Vec<_>, SecAggError>>()?;
			Ok((request.dealer, request.kind, shares))
		})
		.collect()
}

fn median_ms(mut times: Vec<f64>) -> f64 {
	times.sort_by(f64::total_cmp);
	times[times.len() / 2]
}

/// Median time of unmasking with the last `dropouts` clinics dropped, or `None` when that
/// leaves fewer survivors than the threshold.
fn time_unmask(round: &Round, dropouts: usize, repeat: usize) -> Result<Option<f64>, String> {
	let n = round.participants.len();
	let survivors: Vec<u32> = (0..(n - dropouts) as u32).collect();
	if survivors.len() < round.threshold {
		return Ok(None);
	}
	let revealed = reveal(round, &survivors).map_err(|e| format!("reveal: {e:?}"))?;
	let secrets: Vec<_> = revealed
		.iter()
		.map(|(dealer, kind, shares)| RevealedShares { dealer: *dealer, kind: *kind, shares })
		.collect();
	let inputs: Vec<_> = survivors
		.iter()
		.map(|&i| MaskedInput { index: i, masked: &round.masked[i as usize] })
		.collect();
	let mut times = Vec::with_capacity(repeat);
	for _ in 0..repeat {
		let started = Instant::now();
		let sum =
			unmask_sum(&round.context, &round.participants, &inputs, &secrets, round.threshold)
				.map_err(|e| format!("unmask: {e:?}"))?;
		times.push(started.elapsed().as_secs_f64() * 1000.0);
		std::hint::black_box(sum);
	}
	Ok(Some(median_ms(times)))
}

fn time_mask(round: &Round, repeat: usize) -> Result<f64, String> {
	let weighted = vec![0u64; round.context.parameters as usize];
	let mut times = Vec::with_capacity(repeat);
	for _ in 0..repeat {
		let started = Instant::now();
		let masked = mask(&round.context, &round.keys[0], 0, &round.participants, &weighted)
			.map_err(|e| format!("mask: {e:?}"))?;
		times.push(started.elapsed().as_secs_f64() * 1000.0);
		std::hint::black_box(masked);
	}
	Ok(median_ms(times))
}

fn run() -> Result<String, String> {
	let mut repeat = 7usize;
	let mut args = std::env::args().skip(1);
	while let Some(flag) = args.next() {
		let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
		match flag.as_str() {
			"--repeat" => repeat = value.parse().map_err(|e| format!("--repeat: {e}"))?,
			other => return Err(format!("unknown option {other}")),
		}
	}
	let repeat = repeat.max(1);
	let mut rng = ChaCha20Rng::seed_from_u64(2017);
	let mut out = String::new();
	out.push_str(
		"# Secure aggregation: cost per round (threshold t = n/2 + 1, native release build)\n",
	);
	out.push_str(&format!(
		"times: median of {repeat} runs, in ms; n/a: fewer survivors than t\n\n"
	));
	out.push_str(
		"| clinics | parameters | bytes/clinic cleartext | bytes/clinic secure | ratio | mask (1 clinic) | unmask, 0 dropped | 1 dropped | 2 dropped |\n",
	);
	out.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
	let cell = |t: Option<f64>| t.map_or("n/a".to_string(), |ms| format!("{ms:.2}"));
	for clinics in [4usize, 16] {
		for parameters in [1_000usize, 10_000] {
			let round = set_up(clinics, parameters, &mut rng).map_err(|e| format!("{e:?}"))?;
			let (cleartext, secure) = bytes_per_clinic(clinics, parameters);
			let unmask: Vec<Option<f64>> = (0..3)
				.map(|dropouts| time_unmask(&round, dropouts, repeat))
				.collect::<Result<_, _>>()?;
			out.push_str(&format!(
				"| {clinics} | {parameters} | {cleartext} | {secure} | {:.2}x | {:.2} | {} | {} | {} |\n",
				secure as f64 / cleartext as f64,
				time_mask(&round, repeat)?,
				cell(unmask[0]),
				cell(unmask[1]),
				cell(unmask[2]),
			));
		}
	}
	out.push_str(
		"\nsecure bytes = 64 (two public keys) + n x 128 (encrypted shares of s and b, with \
		 commitments) + 8 x parameters (masked u64 words) + 8 (samples) + n x 32 (revealed \
		 shares); cleartext = 4 x parameters (i32 words) + 8 (samples). Payload only.",
	);
	Ok(out)
}

fn main() -> ExitCode {
	match run() {
		Ok(table) => {
			println!("{table}");
			ExitCode::SUCCESS
		},
		Err(why) => {
			eprintln!("secagg-bench: {why}");
			ExitCode::FAILURE
		},
	}
}
