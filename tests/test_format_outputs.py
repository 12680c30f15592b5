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
    "seeds": ("", "author=etienne-rotardeau&year=2011", "debate=presence-vs-roi", "kind=support&origin=curated",
              "document=annee-noire-2012"),
    "withimports": ("", "debate=imported-debate", "debate=imported-aifdb-linked-undercut"),
}
DIGESTS = dict(line.split() for line in """
seeds.cli.aif.all bb38cbf52c4b491a86881aa105512af6bea6a18a62988c136c44bde4167e62f8
seeds.cli.aif.curated 9f082d575c26dbeaa66256ee98f71417669ae89c3fdb6cd74609ded6dc70cd83
seeds.cli.aif.extracted ea4763336275a44b39087edcee324add8608ce39d7cb7b8fc0855f8dcfc806bc
seeds.cli.argdown.all 7195c48058ceb17b747c11bb06755764dd20a0d7b9baacc2c62b682eac8dcd4e
seeds.cli.argdown.curated a9060e0c239abfb1caf6b6ec139c19094efe40285fca0b0f15755e5c51bde54a
seeds.cli.argdown.extracted c037e739c12b473a198d3443261abd0807f57b3e38e51ce42d001004640997c9
seeds.cli.cytoscape.all 109e024b76cf2591202da97996dac99b40e4adb6dccfc241acf999fefdd26f32
seeds.cli.cytoscape.curated be9f53870440a56c0e3620736502e9a8e51cf15cb8b9c7e2c35fe594743d6356
seeds.cli.cytoscape.extracted fb2226b50035a2b3650eedec6e27d1f8d0d5917e4166e133bbbd66bc21c1aa48
seeds.cli.dot.all 3d3aa486b4e60b90db4cb7bfb76f4898d4d4775133dd9a7f1f8b763f04440c58
seeds.cli.dot.curated bd30286e08f5e08ee1a990836be9068cefa9d06ffd81e14c0d8484cbd4ed6a82
seeds.cli.dot.extracted 495cf8f5474d26e99af4ab272e31aa941271a8b3cc839ab9fbe08514198bd4eb
seeds.cli.graphml.all 2c59215a2e35133b4f1c2fa3677dd3f1afcf47024d478944eead7951b37f2b6f
seeds.cli.graphml.curated 787f85971236579c27a2d82d3326c543f5c7feff059936ef2634e7b0de2de7c9
seeds.cli.graphml.extracted fefb0e3a37ab30958dc920ccc77ac3d032e1fcd472852409078082601b9419f9
seeds.cli.node-link.all 873e7c444cb59ba68342c921f85a9effa247024a725a036c0fc93e3256e3c25c
seeds.cli.node-link.curated 7da342305840c2b4779ef7c8375fcc958b2e43c0e43040acca5940d59690edf6
seeds.cli.node-link.extracted 410ee1c7da92995dc07f3dca21dd4062d7ddbbededf176a04bfb18951c2b7361
seeds.web.aif.author-etienne-rotardeau+year-2011 b1f73989f9c396111a365ca7e541d2f2bc943be4f63bb58b11673eb82a91b1c6
seeds.web.aif.debate-presence-vs-roi 8e24971da14af4bbf0ec4d8ccbb755feee82edb1a80da2c9c61093550ffddc70
seeds.web.aif.document-annee-noire-2012 bb4dd40dfda3dba34d926688fac4c02462d38b231a30410698111bb68e6cfc47
seeds.web.aif.kind-support+origin-curated 565fedbc252d31df0c0586ec169b3590eeb88bcdf21fa242dd9dcc5e9009a46b
seeds.web.aif.none 0f4c6597af4986e491dedf1899e7bee3203103a0b7c74a871f34f543754fd366
seeds.web.argdown.author-etienne-rotardeau+year-2011 6bef91cfa597932345d468351bef228ad1cbf8f813aa9e5502ba31d25d40199a
seeds.web.argdown.debate-presence-vs-roi 196c2e70eda28120c8d802467a57d55631cee4944050fea8f17ed15c7a8b49a7
seeds.web.argdown.document-annee-noire-2012 cb894bfafc72b74117b71171f3cb5f9ed2f5b8bfa946cab77c88eb3f3377d1e1
seeds.web.argdown.kind-support+origin-curated 83a30e228da0929d3aa298a55c0288b1bff4e806f7936dee58ece97941d3f98e
seeds.web.argdown.none 34014021f33feb77fb6623357b4df0b791dc36be2c7ee7fd56e68f3d5270c6e0
seeds.web.cytoscape.author-etienne-rotardeau+year-2011 fe50fb3edab9a802d280ccac42fb4be6eba209e3012b76efe2737096ebcb30a9
seeds.web.cytoscape.debate-presence-vs-roi c0d300d157c50d4dcf6932f2990a6ddc3b997d7ad437e8e0a735cee1384e5dec
seeds.web.cytoscape.document-annee-noire-2012 1b2334f9c036f294f60c386c2b1dfe150630d435fb5ffbd7dbe73f8eb21980e7
seeds.web.cytoscape.kind-support+origin-curated 1446c5ba13174be844e99f36a5923b187078a1b10f6de1af0376ef8d7358ad8f
seeds.web.cytoscape.none 09cf95ce2cef767336708feaceb7d24a40e9f7c8ce632417765faed49131bb10
seeds.web.dot.author-etienne-rotardeau+year-2011 d4e9668082d039ede7aa0890eacf6ab2f4eb8ccafd10729bca9d5f77d487c58a
seeds.web.dot.debate-presence-vs-roi ceaea0fb1afd086f4fc906aea21beef6de76c088aaea076f1468e3b8e636c7b9
seeds.web.dot.document-annee-noire-2012 92334010a649afac0073be8ff939ad0b6d5058d5c40b22684f4fbb01a655f99c
seeds.web.dot.kind-support+origin-curated 5e4f4e64c9c20cdaa4e054b057213ec268d64ef2c5e5b63c6ca2b9b3a47aa5c8
seeds.web.dot.none e775807ee2d658446288c6b0b995b813c4ada5fba569db771f8995f3a8497518
seeds.web.graphml.author-etienne-rotardeau+year-2011 928ce52cbde6297cd31c30ef1eb247f2e2db19e74c962a6fcafef639e9195ce7
seeds.web.graphml.debate-presence-vs-roi 6dc5cad129b6ce34b90ef88f82072ca178cc3009254fa28e82e20d30cd93c8ac
seeds.web.graphml.document-annee-noire-2012 52e4f3e6d6b88d3d0543fd9a636832a31fec4e48f2d8f38cda5ae3bc26bf417c
seeds.web.graphml.kind-support+origin-curated 54201e4431bd173d58a85e852e7a7c0a41f7470b2cfb2b9236d0b6d45a25364f
seeds.web.graphml.none 0aa1a5d704a7e5db87f151dba5eca0db3c13e3f4e169f9b5764b95fd05e7f18d
seeds.web.node-link.author-etienne-rotardeau+year-2011 9797a99990b92fbbf98ecee331cf1a263cc799dcb3bbe4f498c356727bbb970a
seeds.web.node-link.debate-presence-vs-roi 8f89595ccdbd099ea99a281486d8ca25de0edab2e8f04b4ce4805798e0509f1f
seeds.web.node-link.document-annee-noire-2012 1fd46b03eee4b05acd1f237dc2557e65af515f0745e8aa8928fd0f85e1ad0d66
seeds.web.node-link.kind-support+origin-curated 8fb8e8b57911684ea1d7bbd3436718263a6260d2c74a45cb2e83d66b429ceec6
seeds.web.node-link.none e27a41913948c112571f3e94d06639edd8c381d88b9882e7f2324d6df59faae8
withimports.cli.aif.all e61e71c596ff7bbf1ef668cb7e0f46a73b52bb5288c53aafa4150af0fba48570
withimports.cli.aif.curated 575732fa1d974d79c91d93346ab82cd5fd0bc4f32f00ad1486b8309e85cefe33
withimports.cli.aif.extracted ea4763336275a44b39087edcee324add8608ce39d7cb7b8fc0855f8dcfc806bc
withimports.cli.argdown.all 5840e2dabc879290468bd08b8654799f1ee1f763f4e94913a375f885d146fdf4
withimports.cli.argdown.curated 85010524ce4eff0fe72e7d413117c698012ff4ff5a5eabdd4707cba7faea96c3
withimports.cli.argdown.extracted c037e739c12b473a198d3443261abd0807f57b3e38e51ce42d001004640997c9
withimports.cli.cytoscape.all d860bbadb4c8d2951145bb256d32c2d026ccd2537691d6b39b3e49f459de26ba
withimports.cli.cytoscape.curated f21ae353af3c7c3939ebe12b8659f748f81dbbf3bcd7493a63902f08acf2cbe0
withimports.cli.cytoscape.extracted fb2226b50035a2b3650eedec6e27d1f8d0d5917e4166e133bbbd66bc21c1aa48
withimports.cli.dot.all cd0fc8af92c20e0e9b346ba7b4e79b855f48aafaef7513f8778cc12c64dc2454
withimports.cli.dot.curated ef14a54dae242962b662ec20aeb5e2fb2f72faa681f122904bf7d794aaf411e8
withimports.cli.dot.extracted 495cf8f5474d26e99af4ab272e31aa941271a8b3cc839ab9fbe08514198bd4eb
withimports.cli.graphml.all 15da3489b9ef51e94f22e53467101f0ede89dde22f166a7163b7babcd3d32df3
withimports.cli.graphml.curated 0203882723fe652bb72c00d545c878766cdd558c546def80697aadcd7bcc523f
withimports.cli.graphml.extracted fefb0e3a37ab30958dc920ccc77ac3d032e1fcd472852409078082601b9419f9
withimports.cli.node-link.all 873e7c444cb59ba68342c921f85a9effa247024a725a036c0fc93e3256e3c25c
withimports.cli.node-link.curated 7da342305840c2b4779ef7c8375fcc958b2e43c0e43040acca5940d59690edf6
withimports.cli.node-link.extracted 410ee1c7da92995dc07f3dca21dd4062d7ddbbededf176a04bfb18951c2b7361
withimports.web.aif.debate-aifdb-linked-undercut b0cd4cef5ca3be5ebcc31e42858b74b8a1521a89c0f50a8ee5074dbffc43819b
withimports.web.aif.debate-debate 814525c9012040c12719ba6ada0cd76a8679a5f6df7a23b21438d0ee42fa80e6
withimports.web.aif.none 59d3b5986ceab7c8ae4b2894ee844c735d1852fcc5abc6fcf4085d4621f1cdc0
withimports.web.argdown.debate-aifdb-linked-undercut 663287926e973b4b26d917054c6b053d4e2f6d91fd664a085c7ae55372bbde7b
withimports.web.argdown.debate-debate af4b064889b8ba4f1454c868ca3db64bd505e4ba15a12671ae3615348406deb4
withimports.web.argdown.none 41842d2f5f5c021422dcc8bfd748ded68138e03aa4e5d4c743f387035138f562
withimports.web.cytoscape.debate-aifdb-linked-undercut fb598933cee300e6de324737279725cb61ad5718b7051d45d1dba85e2b173bfa
withimports.web.cytoscape.debate-debate 1f3fca2c17c2b9afd71aec815bf3be94a8017a0bf5b8b60c2794b0d02cc4aed5
withimports.web.cytoscape.none f7f91a29c38c423e4155fbaa7cb2c1db39e4015889725e424de67b4b83d4c163
withimports.web.dot.debate-aifdb-linked-undercut c2bcffff15d976069ee29e84bc0f99f583d883c5a55188ea8d83eb1e77fa7c6c
withimports.web.dot.debate-debate a89caf74d9e307229d69556b6cbc829e07a1626881501370447382cf07e8025a
withimports.web.dot.none b6b70cf13a6cb59dbcb8078d1bed6a8844f3fdafb5e1a178e48d293136b589fe
withimports.web.graphml.debate-aifdb-linked-undercut 8a9961786af820ce0426dffeaa5a9a3a7d79e49525046628c90902ecc213f4b3
withimports.web.graphml.debate-debate 0000770c6a46ce59fe067255054185977a2b4fda9c1d77b95357a215597fe425
withimports.web.graphml.none 814c5329356c3dbf002561ee70fb3dbdaf227f77e8426cf12c6c4ad858312c18
withimports.web.node-link.debate-aifdb-linked-undercut d36a5be7a732030c0298f4e24ef8869d0203e5ac3410ee8e2eebeeefeb7e626d
withimports.web.node-link.debate-debate d36a5be7a732030c0298f4e24ef8869d0203e5ac3410ee8e2eebeeefeb7e626d
withimports.web.node-link.none e27a41913948c112571f3e94d06639edd8c381d88b9882e7f2324d6df59faae8
""".strip().splitlines())  # name sha256


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
