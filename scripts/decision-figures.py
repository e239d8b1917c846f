#!/usr/bin/env python3
# The three figures customs judges targeting by, from a replay's JSON Lines decisions and the generator's truth file:
# usage: scripts/decision-figures.py DECISIONS.jsonl TRUTH.csv
import json,csv,sys
truth={r['manifestId']:r['kind'] for r in csv.DictReader(open(sys.argv[2]))}
n=0; clean=0; clean_rel=0; insp=0; rnd=[0,0]; risk=[0,0]; forced=[0,0]; out={}
for line in open(sys.argv[1]):
    d=json.loads(line); n+=1
    k=truth[d['manifestId']]; bad = k!='Clean'
    out[d['outcome']]=out.get(d['outcome'],0)+1
    if not bad:
        clean+=1; clean_rel+= d['outcome']=='RELEASE'
    if d['outcome']!='INSPECT': continue
    ids=[r['ruleId'] for r in d['reasons']]
    if 'engine.random-selection' in ids and not any(i in ('engine.risk-score','engine.escalation','engine.capacity-top-up') for i in ids) and len([i for i in ids if not i.startswith('engine.')])==0:
        b=rnd
    elif 'engine.risk-score' in ids or 'engine.escalation' in ids or 'engine.capacity-top-up' in ids: b=risk
    elif 'engine.random-selection' in ids: b=rnd
    else: b=forced
    b[0]+=1; b[1]+=bad
print(f"parcels {n}: " + ", ".join(f"{k} {v/n:.2%}" for k,v in sorted(out.items())))
print(f"clean parcels RELEASEd: {clean_rel}/{clean} = {clean_rel/clean:.2%}")
print(f"INSPECT {out.get('INSPECT',0)/n:.2%} of parcels")
for name,b in [('risk-selected (rank, top-up or escalation)',risk),('forced by rules',forced),('random',rnd)]:
    print(f"{name}: {b[0]} inspections, hit rate {b[1]/max(b[0],1):.1%}")
print(f"lift risk/random: {(risk[1]/max(risk[0],1))/max(rnd[1]/max(rnd[0],1),1e-9):.2f}")

# Issue 12's acceptance: every HOLD asks for information or documents; no stop for a revenue reason alone.
REVENUE = {'IOSS_OVER_THRESHOLD', 'IOSS_INVALID', 'OVER_DE_MINIMIS'}
holds = 0; hold_ok = 0; revenue_only = 0; referrals = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    referrals[d.get('referral', '?')] = referrals.get(d.get('referral', '?'), 0) + 1
    if d['outcome'] == 'RELEASE':
        continue
    if d['outcome'] == 'HOLD':
        holds += 1
        hold_ok += d.get('referral') in ('REQUEST_FOR_INFORMATION', 'DOCUMENTARY_CHECK')
    codes = {r['code'] for r in d['reasons'] if not r['ruleId'].startswith('engine.')}
    # A random selection (RANDOM_SELECTION) or a capacity top-up (CAPACITY_TOP_UP: ties at the base score broken by a
    # hash of the manifest id) is its own reason, whatever else the parcel hit.
    engine_pick = any(r['ruleId'] in ('engine.random-selection', 'engine.capacity-top-up') for r in d['reasons'])
    revenue_only += bool(codes) and codes <= REVENUE and not engine_pick
print(f"HOLD {holds/n:.2%}; HOLDs with an information or document referral: {hold_ok}/{holds}")
print(f"stops whose only rule reasons are revenue ({', '.join(sorted(REVENUE))}): {revenue_only}")
print("referrals: " + ", ".join(f"{k} {v}" for k, v in sorted(referrals.items(), key=lambda kv: -kv[1])))
