# eventx: the two everyday commands.
#   make run    create .venv (torch first, then the project) and start gunicorn on $PORT (default 8000)
#   make test   the CI run: fresh venv, hadolint, kubernetes-validate, the whole pytest suite (.ci/run)
# Others: make install, make dev (adds the test tools to .venv), make pytest (tests in .venv), make lint.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install dev pytest lint clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install "torch==2.13.0"
	$(BIN)/pip install -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -e '.[test]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.installed-test

run: $(VENV)/.installed
	$(BIN)/gunicorn

test:
	bash .ci/run

pytest: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests

lint: $(VENV)/.installed-test
	$(BIN)/hadolint Dockerfile
	$(BIN)/kubernetes-validate --strict --kubernetes-version 1.30.0 $$(ls k8s/*.yaml | grep -v -e kustomization.yaml -e servicemonitor.yaml)
	$(BIN)/python k8s/validate.py

clean-venv:
	rm -rf $(VENV)
