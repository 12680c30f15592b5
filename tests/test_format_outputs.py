"""Every export of the seeds, byte for byte: the digest of each format's output, from the
command line and from `/export/{format}` with several filter sets, on the shipped seeds and on
a copy with two imported maps.

A digest that changes means a download changed for every user: when that is meant (a format
gains a field, the seeds are edited), say so in the commit and put the new digest here.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import cli
from app.formats import FORMATS
from app.imported import import_map
from app.seeds import load_graph
from tests.conftest import SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
ORIGINS = ("all", "curated", "extracted")
QUERIES = {
    "seeds": (
        "",
        "author=etienne-rotardeau&year=2011",
        "debate=presence-vs-roi",
        "kind=support&origin=curated",
        "document=annee-noire-2012",
    ),
    "withimports": ("", "debate=imported-debate", "debate=imported-aifdb-linked-undercut"),
}
DIGESTS = dict(
    line.split()
    for line in """
seeds.cli.aif.all 6b1cfc141be7b3f3720fe7c38ee7ba162b652b78286538b4aca260f19f434ad8
seeds.cli.aif.curated dacef633d64e5378c36470a5a9011b80864ac0e4dbdecd731747951c38bd4af6
seeds.cli.aif.extracted e30c38123e7064a4d47099fe7386d57de8e93dfed3aec2c36ca51ecfa94f107d
seeds.cli.argdown.all 2a3cc567ce54cdf6c4e99b27592d42d7672392b62b8d41efa4cc2fbd0053cf7c
seeds.cli.argdown.curated 2107b611e423d49a35c1749cb25362d2259985c4f409a843ef8f66f5b22eba17
seeds.cli.argdown.extracted e56a74ac36351a8ac003ab221a18ee5a9d46bfefb8030efa59feb37cca958906
seeds.cli.cytoscape.all ee11b7a26d186fecd482ec754c511393786bfe636690eb2a8f88adc900a7d9cd
seeds.cli.cytoscape.curated be9f53870440a56c0e3620736502e9a8e51cf15cb8b9c7e2c35fe594743d6356
seeds.cli.cytoscape.extracted 11ddf14f47433cfdf7385ff16bda6855b06801f37591769f4aab727c59a7e172
seeds.cli.dot.all 6f3b35dfb7f7e9da23ff48e1814d1aac58b50d6b7fbf7958da17b415f182504b
seeds.cli.dot.curated bd30286e08f5e08ee1a990836be9068cefa9d06ffd81e14c0d8484cbd4ed6a82
seeds.cli.dot.extracted e5a8709498fa41f667c7702693753b5d597c015a16c4c1b7c28706c284a589e9
seeds.cli.graphml.all 3227b40560da2854d033d315403cb8cd68e27f60fb8df0b1571f291d60652ae7
seeds.cli.graphml.curated 787f85971236579c27a2d82d3326c543f5c7feff059936ef2634e7b0de2de7c9
seeds.cli.graphml.extracted 5e7b5ba5f2f271a70169d10e76b66657d6d3d96c29b0843d8e09da5153831e5f
seeds.cli.node-link.all 8f77b4238d79239b13a3bb0f2d383546844b1eeee7911158884c1650cf004937
seeds.cli.node-link.curated 7da342305840c2b4779ef7c8375fcc958b2e43c0e43040acca5940d59690edf6
seeds.cli.node-link.extracted bdfc848f68e24d739f800ca51d5a01104d59b55f53917df3d973b14447e03bee
seeds.web.aif.author-etienne-rotardeau+year-2011 03307d228d243971ba9c2c0228d626f75a3dc67954e86abd0ae0548f3d3961bd
seeds.web.aif.debate-presence-vs-roi 9702ac3fa90cf4508870e8f8d18dd71e8aec750f451dedcf9af642dd45bbca33
seeds.web.aif.document-annee-noire-2012 b0d7db31e11b0bcc6cf27fa459644d382aef46454ff6be130aee6c3dd479801f
seeds.web.aif.kind-support+origin-curated 0e9488de23d9dcae3d81d989b4a84492f67ce73a501e842bf21669f279c3343f
seeds.web.aif.none f82a64a9e6e1fb5a001ac9477424f475f36599e3c8228de41c32824f5f253809
seeds.web.argdown.author-etienne-rotardeau+year-2011 3eccb40f29aa0721cfbd5303301b70a0bd985c46b4469d1760be4aa5196dcfc2
seeds.web.argdown.debate-presence-vs-roi 196c2e70eda28120c8d802467a57d55631cee4944050fea8f17ed15c7a8b49a7
seeds.web.argdown.document-annee-noire-2012 9892d7f5781b2510b83e851a62183a2f35c83ab4f57e2cdaf29ceefc1aa011c8
seeds.web.argdown.kind-support+origin-curated 89557c600993c693df6d672159f5e7890a29481217b7b6a7ae7e7df74c2075c0
seeds.web.argdown.none ca1a2a103ed8ee10d6e707fd6fe67285e7b0ddcedf29c0cee2071c8b6aec7ad8
seeds.web.cytoscape.author-etienne-rotardeau+year-2011 fe50fb3edab9a802d280ccac42fb4be6eba209e3012b76efe2737096ebcb30a9
seeds.web.cytoscape.debate-presence-vs-roi c0d300d157c50d4dcf6932f2990a6ddc3b997d7ad437e8e0a735cee1384e5dec
seeds.web.cytoscape.document-annee-noire-2012 1b2334f9c036f294f60c386c2b1dfe150630d435fb5ffbd7dbe73f8eb21980e7
seeds.web.cytoscape.kind-support+origin-curated 1446c5ba13174be844e99f36a5923b187078a1b10f6de1af0376ef8d7358ad8f
seeds.web.cytoscape.none dfa9d9ec827cfc69c116a75dfdf4312f62e3e6110f18a731938182724a8613f1
seeds.web.dot.author-etienne-rotardeau+year-2011 d4e9668082d039ede7aa0890eacf6ab2f4eb8ccafd10729bca9d5f77d487c58a
seeds.web.dot.debate-presence-vs-roi ceaea0fb1afd086f4fc906aea21beef6de76c088aaea076f1468e3b8e636c7b9
seeds.web.dot.document-annee-noire-2012 92334010a649afac0073be8ff939ad0b6d5058d5c40b22684f4fbb01a655f99c
seeds.web.dot.kind-support+origin-curated 5e4f4e64c9c20cdaa4e054b057213ec268d64ef2c5e5b63c6ca2b9b3a47aa5c8
seeds.web.dot.none 73d5824436744add996d4448b7c81004e578db00fc457a723b514f93b3572740
seeds.web.graphml.author-etienne-rotardeau+year-2011 928ce52cbde6297cd31c30ef1eb247f2e2db19e74c962a6fcafef639e9195ce7
seeds.web.graphml.debate-presence-vs-roi 6dc5cad129b6ce34b90ef88f82072ca178cc3009254fa28e82e20d30cd93c8ac
seeds.web.graphml.document-annee-noire-2012 52e4f3e6d6b88d3d0543fd9a636832a31fec4e48f2d8f38cda5ae3bc26bf417c
seeds.web.graphml.kind-support+origin-curated 54201e4431bd173d58a85e852e7a7c0a41f7470b2cfb2b9236d0b6d45a25364f
seeds.web.graphml.none 49a0490ec3f441ddb1faf0e1088eaf4cc182d28c4515026653ff3f047a1a8d98
seeds.web.node-link.author-etienne-rotardeau+year-2011 9797a99990b92fbbf98ecee331cf1a263cc799dcb3bbe4f498c356727bbb970a
seeds.web.node-link.debate-presence-vs-roi 8f89595ccdbd099ea99a281486d8ca25de0edab2e8f04b4ce4805798e0509f1f
seeds.web.node-link.document-annee-noire-2012 1fd46b03eee4b05acd1f237dc2557e65af515f0745e8aa8928fd0f85e1ad0d66
seeds.web.node-link.kind-support+origin-curated 8fb8e8b57911684ea1d7bbd3436718263a6260d2c74a45cb2e83d66b429ceec6
seeds.web.node-link.none 530335d99c079ea1fba524479451296d7b37ab01ef3c0d3ffeab0821b7ac067b
withimports.cli.aif.all 37a74575a6db8fb037b25efba341919f1920aa3fdd334b285741b6a4bdba32b7
withimports.cli.aif.curated 204c43ce10bc0c0f8465c12d500f7f866abd99c2aefda2426fcf16a058a8b182
withimports.cli.aif.extracted e30c38123e7064a4d47099fe7386d57de8e93dfed3aec2c36ca51ecfa94f107d
withimports.cli.argdown.all f4716646790c14247871261c6214ddd648e60b539af01f0abe0d9600f2f51325
withimports.cli.argdown.curated 46f83696c84ed1188467c480f2d5ed056e172b6d04221f662c3f11d600e521f6
withimports.cli.argdown.extracted e56a74ac36351a8ac003ab221a18ee5a9d46bfefb8030efa59feb37cca958906
withimports.cli.cytoscape.all e9385a41b95ca1211d7e6f8e13a722a2d37a3c76e58f9a8ea7f0628378a72c2e
withimports.cli.cytoscape.curated 30e021aa4aa8a831a370f07b8c4fb4688285adf92baa9056f021e3522807603a
withimports.cli.cytoscape.extracted 11ddf14f47433cfdf7385ff16bda6855b06801f37591769f4aab727c59a7e172
withimports.cli.dot.all e7917262d7b93d0043765cdf4ffb275349db8ed06e509c277c32f3b97852541e
withimports.cli.dot.curated ef14a54dae242962b662ec20aeb5e2fb2f72faa681f122904bf7d794aaf411e8
withimports.cli.dot.extracted e5a8709498fa41f667c7702693753b5d597c015a16c4c1b7c28706c284a589e9
withimports.cli.graphml.all c5345fd1b726ae9d9d741ca89289c01f972be73ad83d0399b6cfc23f94ab6258
withimports.cli.graphml.curated 89e4a00f9c095d164a76589bf8d03adcd08b7c177ae3b7e2039e75941c9490b1
withimports.cli.graphml.extracted 5e7b5ba5f2f271a70169d10e76b66657d6d3d96c29b0843d8e09da5153831e5f
withimports.cli.node-link.all 8f77b4238d79239b13a3bb0f2d383546844b1eeee7911158884c1650cf004937
withimports.cli.node-link.curated 7da342305840c2b4779ef7c8375fcc958b2e43c0e43040acca5940d59690edf6
withimports.cli.node-link.extracted bdfc848f68e24d739f800ca51d5a01104d59b55f53917df3d973b14447e03bee
withimports.web.aif.debate-aifdb-linked-undercut 111c094ec3c0362d284e30bee13a2af28cf7924a869826892f474aa4f29ab8cf
withimports.web.aif.debate-debate 8aac6e2f594aa9bf28a0d63396d67c2c97145c7478742fd37e92ca4416f429d8
withimports.web.aif.none a5ca2b6ff812cf5c126fd4b47b79f324fca4c8ef8f86cbe5245cc453659034b3
withimports.web.argdown.debate-aifdb-linked-undercut 663287926e973b4b26d917054c6b053d4e2f6d91fd664a085c7ae55372bbde7b
withimports.web.argdown.debate-debate af4b064889b8ba4f1454c868ca3db64bd505e4ba15a12671ae3615348406deb4
withimports.web.argdown.none eb8488dad31df9d56947f839378a22c6de9886b18e87d7c5231443c5b0387ca5
withimports.web.cytoscape.debate-aifdb-linked-undercut 2164fbccf5e19c18a7df68e56e22c3c1d9cd8e98e6241a13c64b2cc9d6f97e6e
withimports.web.cytoscape.debate-debate 1f3fca2c17c2b9afd71aec815bf3be94a8017a0bf5b8b60c2794b0d02cc4aed5
withimports.web.cytoscape.none aa52b2b0c8348d4f6c9fee8d9c86d59bf54ed1d0c61fc3576bc087c7be301d17
withimports.web.dot.debate-aifdb-linked-undercut c2bcffff15d976069ee29e84bc0f99f583d883c5a55188ea8d83eb1e77fa7c6c
withimports.web.dot.debate-debate a89caf74d9e307229d69556b6cbc829e07a1626881501370447382cf07e8025a
withimports.web.dot.none 3bf91314fe5f203dd059f91e42bc0b39ec2993b8778de4b23a58fd05d1afe7ef
withimports.web.graphml.debate-aifdb-linked-undercut 41a5863cabc571d7c43b39d1e85e8bc09791f4d7830cd5790311806c3c344586
withimports.web.graphml.debate-debate 0000770c6a46ce59fe067255054185977a2b4fda9c1d77b95357a215597fe425
withimports.web.graphml.none 31034ee55be9d7b05725b566150ad1892f0086fe4880fb8ee890d72f8a0e17a5
withimports.web.node-link.debate-aifdb-linked-undercut d36a5be7a732030c0298f4e24ef8869d0203e5ac3410ee8e2eebeeefeb7e626d
withimports.web.node-link.debate-debate d36a5be7a732030c0298f4e24ef8869d0203e5ac3410ee8e2eebeeefeb7e626d
withimports.web.node-link.none 530335d99c079ea1fba524479451296d7b37ab01ef3c0d3ffeab0821b7ac067b
""".strip().splitlines()
)  # name sha256


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def web_name(seeds: str, fmt: str, query: str) -> str:
    return f"{seeds}.web.{fmt}." + (query.replace("&", "+").replace("=", "-").replace("imported-", "") or "none")


@pytest.fixture(scope="module")
def graphs(seed_graph, tmp_path_factory):
    """The shipped seeds, and a copy of them with an Argdown and an AIF map imported."""
    copy = tmp_path_factory.mktemp("outputs") / "seeds"
    shutil.copytree(SEEDS, copy, ignore=shutil.ignore_patterns("imported"))
    import_map("argdown", FIXTURES / "debate.argdown", copy)
    import_map("aif", FIXTURES / "aifdb-linked-undercut.json", copy)
    return {"seeds": seed_graph, "withimports": load_graph(copy)}


def test_every_format_and_filter_set_is_pinned():
    expected = {f"{s}.cli.{f}.{o}" for s in QUERIES for f in FORMATS for o in ORIGINS}
    expected |= {web_name(s, f, q) for s, queries in QUERIES.items() for f in FORMATS for q in queries}
    assert set(DIGESTS) == expected


@pytest.mark.parametrize("seeds", sorted(QUERIES))
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_command_line_exports_are_byte_identical(seeds, fmt, graphs, monkeypatch, capsys):
    monkeypatch.setattr("app.seeds.load_graph", lambda _dir: graphs[seeds])
    changed = []
    for origin in ORIGINS:
        assert cli.main(["export", "--format", fmt, "--origin", origin]) == 0
        name = f"{seeds}.cli.{fmt}.{origin}"
        if sha256(capsys.readouterr().out) != DIGESTS[name]:
            changed.append(name)
    assert changed == []


@pytest.mark.parametrize("seeds", sorted(QUERIES))
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_downloads_are_byte_identical(seeds, fmt, graphs):
    from app.web import create_app

    client = TestClient(create_app(graph=graphs[seeds]))
    changed = []
    for query in QUERIES[seeds]:
        answer = client.get(f"/export/{fmt}" + (f"?{query}" if query else ""))
        assert answer.status_code == 200, (fmt, query)
        if sha256(answer.text) != DIGESTS[web_name(seeds, fmt, query)]:
            changed.append(web_name(seeds, fmt, query))
    assert changed == []
