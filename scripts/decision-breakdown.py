#!/usr/bin/env python3
# Where the decisions of a replay come from, against the generator's truth file and the rule effects of the pack that made them:
# usage: scripts/decision-breakdown.py DECISIONS.jsonl TRUTH.csv PACKDIR
import json,csv,sys,glob,os,collections as C,yaml
truth={r['manifestId']:r['kind'] for r in csv.DictReader(open(sys.argv[2]))}
eff={}
for f in glob.glob(os.path.join(sys.argv[3],'*.yaml')):
    for r in (yaml.safe_load(open(f)) or {}).get('rules',[]) or []:
        e=r['effect']; eff[r['id']]=(e.get('outcome','RELEASE'),e.get('referral'),float(e.get('weight',0)))
HOLDREF=['request-for-information','documentary-check']
n=0; hold_ref=C.Counter(); hold_code=C.Counter(); forced=C.Counter(); demand=0; audit_kind=C.Counter(); kinds=C.Counter(); kind_out=C.defaultdict(C.Counter)
for line in open(sys.argv[1]):
    d=json.loads(line); n+=1; k=truth[d['manifestId']]; kinds[k]+=1
    ids=[r['ruleId'] for r in d['reasons']]; rules=[i for i in ids if i in eff]
    fo=[eff[i][0] for i in rules]
    kind_out[k][d['outcome']+('+audit' if d['outcome']=='RELEASE' and d['postClearanceAudit'] else '')]+=1
    if 'INSPECT' not in fo and 'HOLD' not in fo and d['riskScore']>=0.85: demand+=1
    if d['outcome']=='INSPECT' and 'INSPECT' in fo:
        forced['+'.join(sorted(set(i for i in rules if eff[i][0]=='INSPECT')))]+=1
    if d['outcome']=='HOLD':
        fh=[eff[i][1] for i in rules if eff[i][0]=='HOLD']
        if fh: ref=max(fh,key=HOLDREF.index)
        else:
            w=[eff[i][1] for i in rules if eff[i][2]>0 and eff[i][1] in HOLDREF]
            ref=max(w,key=HOLDREF.index) if w else 'documentary-check'
        hold_ref[ref]+=1
        hold_code[k]+=1
print(f"parcels {n}")
print("INSPECT forced by rule:", dict(forced), f"total {sum(forced.values())} = {sum(forced.values())/n:.2%}")
print(f"risk-selected demand (no forced outcome, score >= 0.85): {demand} = {demand/n:.2%}")
print("HOLD referral (derived as the engine does):", {k:f"{v} ({v/n:.2%})" for k,v in hold_ref.items()})
print("HOLD by planted kind:", {k:f"{v} ({v/n:.2%})" for k,v in hold_code.most_common()})
print("outcomes by planted kind:")
for k in sorted(kind_out): print(f"  {k:22s} {kinds[k]:7d} " + ", ".join(f"{o} {v/kinds[k]:.1%}" for o,v in sorted(kind_out[k].items())))
