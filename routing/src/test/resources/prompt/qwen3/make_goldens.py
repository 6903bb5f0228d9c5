#!/usr/bin/env python3
"""Renders chat-cases.json with Qwen3's chat template the way transformers' apply_chat_template does
(transformers v4.57 utils/chat_template_utils.py: ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks,
loopcontrols, its tojson and raise_exception, the tokenizer's special tokens as variables) and writes
goldens/<name>.txt. Run from this folder: python3 make_goldens.py (jinja2 3.1.x)."""
import json
from jinja2.exceptions import TemplateError
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment


def raise_exception(message):
    raise TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


config = json.load(open("tokenizer_config.json", encoding="utf-8"))
special = {}
for name in ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token",
             "additional_special_tokens"]:
    value = config.get(name)
    if value is None:
        continue
    special[name] = value["content"] if isinstance(value, dict) else value

env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
template = env.from_string(config["chat_template"])
for case in json.load(open("chat-cases.json", encoding="utf-8")):
    variables = {**special, **case["vars"]}
    tools = variables.pop("tools", None)
    text = template.render(messages=case["messages"], tools=tools, documents=None,
                           add_generation_prompt=case["add_generation_prompt"], **variables)
    with open("goldens/" + case["name"] + ".txt", "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(case["name"], len(text))
