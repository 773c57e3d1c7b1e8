"""stateward's own IAM evaluation inside moto_server (see sitecustomize.py and docs/moto-notes.md).

A second implementation of the parts of IAM that stateward's documents rely on, written apart from
src/iam so that the end-to-end tests do not check the TypeScript evaluator against itself.
"""
