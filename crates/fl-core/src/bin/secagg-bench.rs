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
	simulation::SimulatedRound, weighted_update, MaskContext, SecAggError,
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

/// A round set up for timing: every clinic's keys and dealt shares, and its masked input.
struct Round {
	simulated: SimulatedRound,
	masked: Vec<Vec<u64>>,
}

fn set_up(clinics: usize, parameters: usize, rng: &mut ChaCha20Rng) -> Result<Round, SecAggError> {
	let context = MaskContext { task: 1, round: 1, parameters: parameters as u32 };
	let simulated = SimulatedRound::new(clinics, clinics / 2 + 1, context, rng)?;
	let masked = (0..clinics)
		.map(|i| {
			let delta: Vec<i32> = (0..parameters)
				.map(|_| (rng.next_u32() % (1 << 20)) as i32 - (1 << 19))
				.collect();
			let weighted = weighted_update(&delta, 1000 + rng.next_u64() % 5000)?;
			simulated.mask(i, &weighted)
		})
		.collect::<Result<Vec<_>, _>>()?;
	Ok(Round { simulated, masked })
}

fn median_ms(mut times: Vec<f64>) -> f64 {
	times.sort_by(f64::total_cmp);
	times[times.len() / 2]
}

/// Median time of unmasking with the last `dropouts` clinics dropped, or `None` when that
/// leaves fewer survivors than the threshold.
fn time_unmask(round: &Round, dropouts: usize, repeat: usize) -> Result<Option<f64>, String> {
	let simulated = &round.simulated;
	let n = simulated.participants.len();
	let survivors: Vec<u32> = (0..(n - dropouts) as u32).collect();
	if survivors.len() < simulated.threshold {
		return Ok(None);
	}
	// Every survivor reveals, each share opened by its holder and checked as the runtime would.
	let revealers: Vec<usize> = survivors.iter().map(|&i| i as usize).collect();
	let revealed =
		simulated.reveal(&survivors, &revealers).map_err(|e| format!("reveal: {e:?}"))?;
	let masked: Vec<(u32, Vec<u64>)> =
		survivors.iter().map(|&i| (i, round.masked[i as usize].clone())).collect();
	let mut times = Vec::with_capacity(repeat);
	for _ in 0..repeat {
		let started = Instant::now();
		let sum = simulated.unmask(&masked, &revealed).map_err(|e| format!("unmask: {e:?}"))?;
		times.push(started.elapsed().as_secs_f64() * 1000.0);
		std::hint::black_box(sum);
	}
	Ok(Some(median_ms(times)))
}

fn time_mask(round: &Round, repeat: usize) -> Result<f64, String> {
	let weighted = vec![0u64; round.simulated.context.parameters as usize];
	let mut times = Vec::with_capacity(repeat);
	for _ in 0..repeat {
		let started = Instant::now();
		let masked = round.simulated.mask(0, &weighted).map_err(|e| format!("mask: {e:?}"))?;
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
