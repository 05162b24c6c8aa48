#!/bin/bash
# Train larger taggers and parsers on a GPU machine, side by side, for a fixed wall time.
#
#   bash training/gpu_train.sh [SECONDS] [JOB ...]      (default: 540 s, jobs pos_m dep_m3 dep_m2)
#
# A job is NAME from the table below. Run from the repository root on the device machine with:
#   .whl/  stanza 1.15.0 and the wheels it needs there (emoji, orjson, platformdirs, udtools, udapi, termcolor)
#   .gpu/  fr_sequoia.{train,dev}.gold.conllu (training/work/data) and fr_sequoia.{train,dev}.retag.conllu
#          (training/work/retag, see training.train.retag)
# The word vectors are the committed ones (models/fr/pretrain/sequoia.pt).  Every checkpoint and log goes
# into one tar in $OUT, split in 15 MB parts: `cat gpu.tar.part.* | tar x` puts them back together.
# Measured runs are in models/README.md.
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site PYTHONUNBUFFERED=1 STANZA_RESOURCES_DIR=/tmp/no_resources
SECONDS_CAP=${1:-540}; shift
JOBS=${*:-pos_m dep_m3 dep_m2}
G=.gpu
PRETRAIN=models/fr/pretrain/sequoia.pt
OUT=${OUT:-/tmp/out}
RUN=/tmp/gpu_run
mkdir -p "$OUT" "$RUN"

# NAME: module, data (gold or retag), size options
declare -A SIZE=(
  [pos_m]="--hidden_dim 200 --char_hidden_dim 200 --deep_biaff_hidden_dim 200 --composite_deep_biaff_hidden_dim 100 --word_emb_dim 75"
  [dep_m3]="--hidden_dim 200 --char_hidden_dim 200 --deep_biaff_hidden_dim 100 --word_emb_dim 75 --num_layers 3"
  [dep_m2]="--hidden_dim 200 --char_hidden_dim 100 --deep_biaff_hidden_dim 100 --word_emb_dim 75 --num_layers 2"
  [dep_l3]="--hidden_dim 200 --char_hidden_dim 200 --deep_biaff_hidden_dim 200 --word_emb_dim 75 --num_layers 3"
)
for job in $JOBS; do
  case $job in
    pos_*) timeout "$SECONDS_CAP" python3 -m stanza.models.tagger --mode train --lang fr --shorthand fr_sequoia \
             --train_file $G/fr_sequoia.train.gold.conllu --eval_file $G/fr_sequoia.dev.gold.conllu \
             --output_file $RUN/$job.pred.conllu ${SIZE[$job]} --batch_size 64 --max_steps 60000 --eval_interval 200 \
             --max_steps_before_stop 4000 --wordvec_pretrain_file $PRETRAIN --save_dir $RUN --save_name $job.pt \
             > "$RUN/$job.log" 2>&1 & ;;
    dep_*) timeout "$SECONDS_CAP" python3 -m stanza.models.parser --mode train --lang fr --shorthand fr_sequoia \
             --train_file $G/fr_sequoia.train.retag.conllu --eval_file $G/fr_sequoia.dev.retag.conllu \
             --output_file $RUN/$job.pred.conllu ${SIZE[$job]} --deep_biaff_output_dim 100 --batch_size 3000 \
             --max_steps 60000 --eval_interval 200 --max_steps_before_stop 4000 --second_optim_start_step 3000 \
             --wordvec_pretrain_file $PRETRAIN --no_checkpoint --save_dir $RUN --save_name $job.pt \
             > "$RUN/$job.log" 2>&1 & ;;
  esac
done
wait
cd $RUN && tar cf - $(ls *.pt *.log 2>/dev/null) | split -b 15M - "$OUT/gpu.tar.part."
for job in $JOBS; do echo "== $job"; grep -E "dev_score" $job.log | tail -2; done
