#!/bin/bash
# Medium-size tagger and parser on a GPU machine, side by side, for a fixed wall time (default 470 s).
#
#   bash training/gpu_medium.sh [SECONDS]
#
# Run from the repository root on the device machine with, beside it:
#   .whl/  stanza 1.15.0 and the wheels it needs there (emoji, orjson, platformdirs, udtools, udapi, termcolor)
#   .gpu/  fr_sequoia.{train,dev}.gold.conllu (training/work/data), fr_sequoia.{train,dev}.retag.conllu
#          (training/work/retag, see training.train.retag) and fr_md.pt (training/work/pretrain)
# The best checkpoints are written to $OUT (split in 15 MB parts: cat them back together).
# Measured 2026-11-23 on one H100 (470 s, ~2,000-2,400 steps each): see models/README.md.
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site PYTHONUNBUFFERED=1 STANZA_RESOURCES_DIR=/tmp/no_resources
SECONDS_CAP=${1:-470}
G=.gpu
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT" /tmp/pos /tmp/dep
SIZE="--hidden_dim 200 --char_hidden_dim 200 --deep_biaff_hidden_dim 200 --word_emb_dim 75"
timeout "$SECONDS_CAP" python3 -m stanza.models.tagger --mode train --lang fr --shorthand fr_sequoia \
  --train_file $G/fr_sequoia.train.gold.conllu --eval_file $G/fr_sequoia.dev.gold.conllu --output_file /tmp/pos.pred.conllu \
  $SIZE --composite_deep_biaff_hidden_dim 100 --batch_size 64 --max_steps 60000 --eval_interval 200 \
  --max_steps_before_stop 4000 --wordvec_pretrain_file $G/fr_md.pt --save_dir /tmp/pos --save_name pos_gpu.pt > "$OUT/pos.log" 2>&1 &
timeout "$SECONDS_CAP" python3 -m stanza.models.parser --mode train --lang fr --shorthand fr_sequoia \
  --train_file $G/fr_sequoia.train.retag.conllu --eval_file $G/fr_sequoia.dev.retag.conllu --output_file /tmp/dep.pred.conllu \
  $SIZE --deep_biaff_output_dim 100 --num_layers 3 --batch_size 3000 --max_steps 60000 --eval_interval 200 \
  --max_steps_before_stop 4000 --second_optim_start_step 3000 --wordvec_pretrain_file $G/fr_md.pt --no_checkpoint \
  --save_dir /tmp/dep --save_name dep_gpu.pt > "$OUT/dep.log" 2>&1 &
wait
cd /tmp && for f in pos/pos_gpu.pt dep/dep_gpu.pt; do [ -f $f ] && split -b 15M $f "$OUT/$(basename $f).part."; done
grep -E "dev_score" "$OUT/pos.log" | tail -2; grep -E "dev_score" "$OUT/dep.log" | tail -2
