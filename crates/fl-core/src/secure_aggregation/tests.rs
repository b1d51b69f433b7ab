use super::*;
use crate::aggregate::{fedavg, ClientUpdate};
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

/// Everything a round puts on chain before the masked inputs, plus every clinic's secrets.
type Round = simulation::SimulatedRound;

fn context(parameters: usize) -> MaskContext {
	MaskContext { task: 7, round: 3, parameters: parameters as u32 }
}

/// `t = n/2 + 1`: a coalition must be a majority to open anyone's update.
fn majority(n: usize) -> usize {
	n / 2 + 1
}

fn set_up(n: usize, threshold: usize, context: MaskContext, rng: &mut ChaCha20Rng) -> Round {
	Round::new(n, threshold, context, rng).unwrap()
}

fn random_delta(rng: &mut ChaCha20Rng, len: usize) -> Vec<i32> {
	// Clipped Q15.16 deltas are a few units at most: ±8.0 is 2^19.
	(0..len).map(|_| (rng.next_u32() % (1 << 20)) as i32 - (1 << 19)).collect()
}

fn cleartext_sum(updates: &[(Vec<i32>, u64)]) -> Vec<u64> {
	let len = updates.first().map_or(0, |(d, _)| d.len());
	let mut sum = vec![0i64; len];
	for (delta, samples) in updates {
		for (acc, &d) in sum.iter_mut().zip(delta) {
			*acc += *samples as i64 * d as i64;
		}
	}
	sum.into_iter().map(|s| s as u64).collect()
}

/// Masks every clinic's update; returns each (index, masked input).
fn mask_all(round: &Round, updates: &[(Vec<i32>, u64)]) -> Vec<(u32, Vec<u64>)> {
	updates
		.iter()
		.enumerate()
		.map(|(i, (delta, samples))| {
			(i as u32, round.mask(i, &weighted_update(delta, *samples).unwrap()).unwrap())
		})
		.collect()
}

#[test]
fn pairwise_seeds_agree_for_both_clinics_and_differ_across_contexts() {
	let mut rng = ChaCha20Rng::seed_from_u64(1);
	let round = set_up(3, 2, context(10), &mut rng);
	let (a, b) = (&round.keys[0], &round.keys[2]);
	let (pa, pb) = (round.participants[0].mask, round.participants[2].mask);
	let seed_ab = pairwise_seed(&round.context, &a.mask, &pa, &pb, 2).unwrap();
	let seed_ba = pairwise_seed(&round.context, &b.mask, &pb, &pa, 0).unwrap();
	assert_eq!(seed_ab, seed_ba);
	let other_pair = pairwise_seed(&round.context, &a.mask, &pa, &round.participants[1].mask, 1);
	assert_ne!(Ok(seed_ab), other_pair);
	for other in [
		MaskContext { task: 8, ..round.context },
		MaskContext { round: 4, ..round.context },
		MaskContext { parameters: 11, ..round.context },
	] {
		assert_ne!(seed_ab, pairwise_seed(&other, &a.mask, &pa, &pb, 2).unwrap());
	}
}

#[test]
fn round_secrets_are_new_for_every_task_and_round() {
	let secret = [9u8; 32];
	let ctx = context(10);
	let keys = |c: &MaskContext| MaskKeys::from_seed(&MaskKeys::round_seed(&secret, c));
	let here = keys(&ctx).public_keys();
	assert_eq!(here, keys(&ctx).public_keys(), "a restarted worker derives the same keys");
	assert_ne!(here.mask, here.transport, "the two key pairs are separate");
	for other in [MaskContext { task: 8, ..ctx }, MaskContext { round: 4, ..ctx }] {
		let there = keys(&other).public_keys();
		assert_ne!(here.mask, there.mask);
		assert_ne!(here.transport, there.transport);
	}
}

#[test]
fn masks_of_zero_updates_cancel_without_dropouts() {
	let mut rng = ChaCha20Rng::seed_from_u64(2);
	let parameters = 257;
	let round = set_up(5, 3, context(parameters), &mut rng);
	let zero = vec![0u64; parameters];
	let masked: Vec<_> = (0..5).map(|i| (i as u32, round.mask(i, &zero).unwrap())).collect();
	// Pairwise masks cancel on their own: the raw sum is just the self-masks.
	let mut sum = vec![0u64; parameters];
	for (_, y) in &masked {
		for (acc, &w) in sum.iter_mut().zip(y) {
			*acc = acc.wrapping_add(w);
		}
	}
	for keys in &round.keys {
		add_keystream(&mut sum, &keys.self_mask_seed, Sign::Subtract);
	}
	assert_eq!(sum, zero);
	let revealed = round.reveal(&[0, 1, 2, 3, 4], &[0, 1, 2, 3, 4]).unwrap();
	assert_eq!(round.unmask(&masked, &revealed), Ok(zero));
}

#[test]
fn unmasked_sum_is_the_cleartext_sum_and_gives_fedavg_bit_for_bit() {
	let mut rng = ChaCha20Rng::seed_from_u64(3);
	for n in [2usize, 4, 7, 16] {
		for _ in 0..3 {
			let parameters = 1 + (rng.next_u32() % 300) as usize;
			let round = set_up(n, majority(n), context(parameters), &mut rng);
			let updates: Vec<(Vec<i32>, u64)> = (0..n)
				.map(|_| {
					let samples = rng.next_u64() % (MAX_SAMPLES_PER_UPDATE + 1);
					(random_delta(&mut rng, parameters), samples)
				})
				.collect();
			let masked = mask_all(&round, &updates);
			let everyone: Vec<u32> = (0..n as u32).collect();
			let revealed = round.reveal(&everyone, &(0..n).collect::<Vec<_>>()).unwrap();
			let sum = round.unmask(&masked, &revealed).unwrap();
			assert_eq!(sum, cleartext_sum(&updates), "n = {n}, {parameters} parameters");

			let global: Vec<i32> = (0..parameters).map(|_| rng.next_u32() as i32).collect();
			let total: u64 = updates.iter().map(|(_, s)| s).sum();
			let cleartext: Vec<_> = updates
				.iter()
				.map(|(delta, samples)| ClientUpdate { delta, samples: *samples })
				.collect();
			assert_eq!(fedavg_from_weighted_sum(&global, &sum, total), fedavg(&global, &cleartext));
		}
	}
}

#[test]
fn one_and_two_dropouts_are_recovered() {
	let mut rng = ChaCha20Rng::seed_from_u64(4);
	for (n, dropped) in [(4usize, vec![2u32]), (7, vec![0]), (7, vec![3, 6]), (16, vec![0, 15])] {
		let parameters = 1 + (rng.next_u32() % 300) as usize;
		let round = set_up(n, majority(n), context(parameters), &mut rng);
		let updates: Vec<(Vec<i32>, u64)> = (0..n)
			.map(|_| (random_delta(&mut rng, parameters), 1 + rng.next_u64() % 5000))
			.collect();
		let masked: Vec<_> = mask_all(&round, &updates)
			.into_iter()
			.filter(|(i, _)| !dropped.contains(i))
			.collect();
		let survivors: Vec<u32> = masked.iter().map(|(i, _)| *i).collect();
		// Only survivors reveal, and only `t` of them: the fewest that suffice.
		let revealers: Vec<usize> =
			survivors.iter().map(|&i| i as usize).take(round.threshold).collect();
		let revealed = round.reveal(&survivors, &revealers).unwrap();
		let survivors_updates: Vec<_> = updates
			.iter()
			.enumerate()
			.filter(|(i, _)| !dropped.contains(&(*i as u32)))
			.map(|(_, u)| u.clone())
			.collect();
		assert_eq!(
			round.unmask(&masked, &revealed),
			Ok(cleartext_sum(&survivors_updates)),
			"n = {n}, dropped {dropped:?}"
		);
	}
}

#[test]
fn the_largest_round_with_extreme_updates_sums_exactly() {
	let mut rng = ChaCha20Rng::seed_from_u64(5);
	let n = MAX_SECURE_PARTICIPANTS;
	let parameters = 3;
	let round = set_up(n, majority(n), context(parameters), &mut rng);
	let updates: Vec<(Vec<i32>, u64)> =
		(0..n).map(|_| (vec![i32::MIN, i32::MAX, -1], MAX_SAMPLES_PER_UPDATE)).collect();
	let masked = mask_all(&round, &updates);
	let everyone: Vec<u32> = (0..n as u32).collect();
	let revealed = round.reveal(&everyone, &(0..round.threshold).collect::<Vec<_>>()).unwrap();
	let sum = round.unmask(&masked, &revealed).unwrap();
	let as_i64: Vec<i64> = sum.iter().map(|&w| w as i64).collect();
	assert_eq!(as_i64, vec![i64::MIN, (1i64 << 32) * ((1 << 31) - 1), -(1i64 << 32)]);
	let global = [0, i32::MAX, 5];
	let cleartext: Vec<_> = updates
		.iter()
		.map(|(delta, samples)| ClientUpdate { delta, samples: *samples })
		.collect();
	let total = n as u64 * MAX_SAMPLES_PER_UPDATE;
	assert_eq!(fedavg_from_weighted_sum(&global, &sum, total), fedavg(&global, &cleartext));
}

#[test]
fn fewer_revealed_shares_than_the_threshold_are_refused() {
	let mut rng = ChaCha20Rng::seed_from_u64(6);
	let round = set_up(7, 4, context(20), &mut rng);
	let updates: Vec<_> = (0..7).map(|_| (random_delta(&mut rng, 20), 100)).collect();
	let masked: Vec<_> = mask_all(&round, &updates).into_iter().filter(|(i, _)| *i != 5).collect();
	let survivors: Vec<u32> = masked.iter().map(|(i, _)| *i).collect();
	let revealed = round.reveal(&survivors, &[0, 1, 2]).unwrap();
	assert_eq!(
		round.unmask(&masked, &revealed),
		Err(SecAggError::TooFewShares { needed: 4, given: 3 })
	);
	// And with fewer survivors than the threshold the round does not unmask at all.
	let few = &masked[..3];
	let survivors: Vec<u32> = few.iter().map(|(i, _)| *i).collect();
	let revealed = round.reveal(&survivors, &[0, 1, 2, 3]).unwrap();
	assert_eq!(
		round.unmask(few, &revealed),
		Err(SecAggError::TooFewSurvivors { survivors: 3, threshold: 4 })
	);
}

#[test]
fn a_share_with_one_flipped_byte_is_refused_by_its_commitment() {
	let mut rng = ChaCha20Rng::seed_from_u64(7);
	let round = set_up(4, 3, context(20), &mut rng);
	let (dealer, holder, kind) = (1usize, 2usize, SecretKind::SelfMask);
	let commitment = round.dealt(dealer, holder, kind).unwrap().commitment;
	let mut share = round.open(holder, dealer, kind).unwrap();
	let check = |share: &Share, ctx: &MaskContext, d: u32, h: u32, k: SecretKind| {
		check_share(ctx, d, h, k, share, &commitment)
	};
	assert_eq!(check(&share, &round.context, 1, 2, kind), Ok(()));
	// The same share claimed for another round, dealer, holder or kind is refused too.
	let other_round = MaskContext { round: 4, ..round.context };
	assert_eq!(check(&share, &other_round, 1, 2, kind), Err(SecAggError::ShareCommitmentMismatch));
	assert_eq!(
		check(&share, &round.context, 0, 2, kind),
		Err(SecAggError::ShareCommitmentMismatch)
	);
	assert_eq!(
		check(&share, &round.context, 1, 2, SecretKind::MaskKey),
		Err(SecAggError::ShareCommitmentMismatch)
	);
	assert_eq!(
		check(&share, &round.context, 1, 3, kind),
		Err(SecAggError::ShareIndexMismatch { x: 3 })
	);
	share.y[17] ^= 0x01;
	assert_eq!(
		check(&share, &round.context, 1, 2, kind),
		Err(SecAggError::ShareCommitmentMismatch)
	);
	// A ciphertext altered on chain fails when its holder opens it.
	let mut dealt = round.dealt(dealer, holder, kind).unwrap();
	dealt.encrypted[0] ^= 0x80;
	assert_eq!(
		open_share(
			&round.context,
			&round.keys[holder],
			holder as u32,
			dealer as u32,
			&round.participants,
			kind,
			&dealt
		),
		Err(SecAggError::ShareCommitmentMismatch)
	);
}

#[test]
fn a_rebuilt_mask_key_that_does_not_give_the_published_key_is_refused() {
	let mut rng = ChaCha20Rng::seed_from_u64(8);
	let round = set_up(5, 3, context(20), &mut rng);
	let updates: Vec<_> = (0..5).map(|_| (random_delta(&mut rng, 20), 100)).collect();
	let masked: Vec<_> = mask_all(&round, &updates).into_iter().filter(|(i, _)| *i != 4).collect();
	let survivors: Vec<u32> = masked.iter().map(|(i, _)| *i).collect();
	let mut revealed = round.reveal(&survivors, &[0, 1, 2]).unwrap();
	// Put consistent shares of another secret (clinic 0's self-mask) in place of clinic 4's
	// mask key: they combine fine, but not into the key clinic 4 published.
	let impostor: Vec<Share> = [0, 1, 2]
		.iter()
		.map(|&h| round.open(h, 0, SecretKind::SelfMask).unwrap())
		.collect();
	let entry = revealed.iter_mut().find(|(r, _)| r.dealer == 4).unwrap();
	entry.1 = impostor;
	assert_eq!(
		round.unmask(&masked, &revealed),
		Err(SecAggError::ReconstructedKeyMismatch { dealer: 4 })
	);
}

#[test]
fn both_secrets_of_one_clinic_are_never_used_and_missing_ones_are_named() {
	let mut rng = ChaCha20Rng::seed_from_u64(9);
	let round = set_up(4, 3, context(8), &mut rng);
	let updates: Vec<_> = (0..4).map(|_| (random_delta(&mut rng, 8), 10)).collect();
	let masked: Vec<_> = mask_all(&round, &updates).into_iter().filter(|(i, _)| *i != 1).collect();
	let survivors = [0u32, 2, 3];
	let requests = shares_to_reveal(4, &survivors).unwrap();
	assert_eq!(
		requests,
		vec![
			ShareRequest { dealer: 0, kind: SecretKind::SelfMask },
			ShareRequest { dealer: 1, kind: SecretKind::MaskKey },
			ShareRequest { dealer: 2, kind: SecretKind::SelfMask },
			ShareRequest { dealer: 3, kind: SecretKind::SelfMask },
		]
	);
	let revealed = round.reveal(&survivors, &[0, 2, 3]).unwrap();
	// A dropped clinic's self-mask instead of its mask key.
	let mut wrong = revealed.clone();
	wrong[1].0.kind = SecretKind::SelfMask;
	wrong[1].1 = [0, 2, 3]
		.iter()
		.map(|&h| round.open(h, 1, SecretKind::SelfMask).unwrap())
		.collect();
	assert_eq!(
		round.unmask(&masked, &wrong),
		Err(SecAggError::WrongSecretRevealed { dealer: 1, kind: SecretKind::SelfMask })
	);
	// A survivor's mask key, added next to its self-mask.
	let mut extra = revealed.clone();
	extra.push((ShareRequest { dealer: 0, kind: SecretKind::MaskKey }, revealed[0].1.clone()));
	assert_eq!(
		round.unmask(&masked, &extra),
		Err(SecAggError::WrongSecretRevealed { dealer: 0, kind: SecretKind::MaskKey })
	);
	let mut missing = revealed.clone();
	missing.remove(2);
	assert_eq!(
		round.unmask(&masked, &missing),
		Err(SecAggError::MissingShares { dealer: 2, kind: SecretKind::SelfMask })
	);
	let mut twice = revealed.clone();
	twice.push(revealed[3].clone());
	assert_eq!(round.unmask(&masked, &twice), Err(SecAggError::DuplicateDealer { dealer: 3 }));
	assert_eq!(shares_to_reveal(4, &[0, 0]), Err(SecAggError::DuplicateMaskedInput { index: 0 }));
	assert_eq!(shares_to_reveal(4, &[4]), Err(SecAggError::IndexOutOfRange { index: 4 }));
}

#[test]
fn a_masked_vector_alone_is_not_the_update() {
	let mut rng = ChaCha20Rng::seed_from_u64(10);
	let parameters = 1000;
	let round = set_up(4, 3, context(parameters), &mut rng);
	for i in 0..4 {
		let weighted = weighted_update(&random_delta(&mut rng, parameters), 500).unwrap();
		let masked = round.mask(i, &weighted).unwrap();
		let equal = masked.iter().zip(&weighted).filter(|(y, x)| y == x).count();
		assert!(equal <= 1, "clinic {i}: {equal} of {parameters} words unmasked");
		// And the masked words look uniform: their top bits are set about half the time.
		let high = masked.iter().filter(|&&y| y >> 63 == 1).count();
		assert!((400..600).contains(&high), "clinic {i}: {high} high bits");
	}
}

#[test]
fn weighted_updates_refuse_sample_counts_that_could_overflow_the_sum() {
	assert_eq!(weighted_update(&[1, -2], 3), Ok(vec![3, (-6i64) as u64]));
	assert!(weighted_update(&[i32::MIN], MAX_SAMPLES_PER_UPDATE).is_ok());
	assert_eq!(
		weighted_update(&[1], MAX_SAMPLES_PER_UPDATE + 1),
		Err(SecAggError::SamplesAboveBound)
	);
	// The bound is the largest power of two for which 64 extreme updates fit an i64.
	let extreme = MAX_SAMPLES_PER_UPDATE as i128 * (1i128 << 31) * MAX_SECURE_PARTICIPANTS as i128;
	assert_eq!(extreme, -(i64::MIN as i128));
	assert!(extreme * 2 > i64::MAX as i128);
}

#[test]
fn low_order_and_repeated_public_keys_are_refused() {
	let mut rng = ChaCha20Rng::seed_from_u64(11);
	let round = set_up(3, 2, context(4), &mut rng);
	assert!(round
		.participants
		.iter()
		.all(|p| check_public_key(&p.mask) && check_public_key(&p.transport)));
	// 0 and 1 are points of order 4 and 1 on Curve25519.
	let mut one = [0u8; 32];
	one[0] = 1;
	for low in [[0u8; 32], one] {
		assert!(!check_public_key(&low));
		let mut participants = round.participants.clone();
		participants[2].mask = low;
		assert_eq!(
			mask(&round.context, &round.keys[0], 0, &participants, &[0; 4]),
			Err(SecAggError::NonContributoryKey { index: 2 })
		);
	}
	let mut participants = round.participants.clone();
	participants[2].transport = participants[0].transport;
	assert_eq!(
		deal_shares(&round.context, &round.keys[0], 0, &participants, 2),
		Err(SecAggError::DuplicatePublicKey { index: 2 })
	);
	assert_eq!(
		mask(&round.context, &round.keys[0], 1, &round.participants, &[0; 4]),
		Err(SecAggError::KeysDoNotMatchParticipant)
	);
	assert_eq!(
		mask(&round.context, &round.keys[0], 0, &round.participants, &[0; 5]),
		Err(SecAggError::WrongLength { index: 0 })
	);
	assert_eq!(
		deal_shares(&round.context, &round.keys[0], 0, &round.participants, 4),
		Err(SecAggError::InvalidThreshold { threshold: 4 })
	);
	assert_eq!(
		mask(&round.context, &round.keys[0], 0, &round.participants[..1], &[0; 4]),
		Err(SecAggError::TooFewParticipants)
	);
}

#[test]
fn fedavg_from_a_weighted_sum_refuses_what_fedavg_refuses() {
	assert_eq!(
		fedavg_from_weighted_sum(&[1, 2], &[0, 0], 0),
		Err(AggregationError::ZeroTotalWeight)
	);
	assert_eq!(
		fedavg_from_weighted_sum(&[1, 2], &[0], 1),
		Err(AggregationError::LengthMismatch { index: 0 })
	);
	// 3 · 1 + 1 · (−2) over 4 samples: 0.25 rounds to 0; 3 · 2 + 1 · 1 = 7 over 4: 1.75 → 2.
	let sum = [1u64, (7i64) as u64];
	assert_eq!(fedavg_from_weighted_sum(&[10, 10], &sum, 4), Ok(vec![10, 12]));
}

#[test]
fn the_prg_is_the_rfc_8439_chacha20_keystream_in_little_endian_words() {
	// RFC 8439 appendix A.1, test vector 1: all-zero key and nonce, block counter 0.
	let mut words = [0u64; 2];
	add_keystream(&mut words, &[0u8; 32], Sign::Add);
	assert_eq!(
		words,
		[
			u64::from_le_bytes([0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90]),
			u64::from_le_bytes([0x40, 0x5d, 0x6a, 0xe5, 0x53, 0x86, 0xbd, 0x28]),
		]
	);
	// Words past the first 64 continue the same keystream (the PRG is read in chunks).
	let mut long = vec![0u64; 200];
	add_keystream(&mut long, &[3u8; 32], Sign::Add);
	let mut bytes = vec![0u8; 1600];
	apply_cipher(&[3u8; 32], &mut bytes);
	let expected: Vec<u64> = bytes
		.chunks_exact(8)
		.map(|c| u64::from_le_bytes(c.try_into().unwrap()))
		.collect();
	assert_eq!(long, expected);
}
