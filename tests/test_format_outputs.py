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
seeds.cli.aif.all 427d58d757d4c8a198437e2f970a86192fa6f4bb784bf62b29c546a733fda29b
seeds.cli.aif.curated dacef633d64e5378c36470a5a9011b80864ac0e4dbdecd731747951c38bd4af6
seeds.cli.aif.extracted 6a9db6237fd6e09bdc0c9c8f59a47b9b4b707645c21b57161b94db0189cbde9f
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
seeds.web.aif.author-etienne-rotardeau+year-2011 03307d228d243971ba9c2c0228d626f75a3dc67954e86abd0ae0548f3d3961bd
seeds.web.aif.debate-presence-vs-roi 9702ac3fa90cf4508870e8f8d18dd71e8aec750f451dedcf9af642dd45bbca33
seeds.web.aif.document-annee-noire-2012 b0d7db31e11b0bcc6cf27fa459644d382aef46454ff6be130aee6c3dd479801f
seeds.web.aif.kind-support+origin-curated 0e9488de23d9dcae3d81d989b4a84492f67ce73a501e842bf21669f279c3343f
seeds.web.aif.none afcf6f28ad20361cca22c5637dacf6bada615a9f69834d52fed8f66dd8fc12ae
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
withimports.cli.aif.all 0bc85a41dec662e84ccdb9cb3424b5a6ebec47a66b20481fecbc76db3241639d
withimports.cli.aif.curated 204c43ce10bc0c0f8465c12d500f7f866abd99c2aefda2426fcf16a058a8b182
withimports.cli.aif.extracted 6a9db6237fd6e09bdc0c9c8f59a47b9b4b707645c21b57161b94db0189cbde9f
withimports.cli.argdown.all 5840e2dabc879290468bd08b8654799f1ee1f763f4e94913a375f885d146fdf4
withimports.cli.argdown.curated 85010524ce4eff0fe72e7d413117c698012ff4ff5a5eabdd4707cba7faea96c3
withimports.cli.argdown.extracted c037e739c12b473a198d3443261abd0807f57b3e38e51ce42d001004640997c9
withimports.cli.cytoscape.all fa60ce599e0344570a084446f5808ee9cde22949fcbe66f6ec679bc222bd41b6
withimports.cli.cytoscape.curated 30e021aa4aa8a831a370f07b8c4fb4688285adf92baa9056f021e3522807603a
withimports.cli.cytoscape.extracted fb2226b50035a2b3650eedec6e27d1f8d0d5917e4166e133bbbd66bc21c1aa48
withimports.cli.dot.all cd0fc8af92c20e0e9b346ba7b4e79b855f48aafaef7513f8778cc12c64dc2454
withimports.cli.dot.curated ef14a54dae242962b662ec20aeb5e2fb2f72faa681f122904bf7d794aaf411e8
withimports.cli.dot.extracted 495cf8f5474d26e99af4ab272e31aa941271a8b3cc839ab9fbe08514198bd4eb
withimports.cli.graphml.all e914a19246cd26f98d9de68c32d620d852e9ee799cc5a50c2a9e841294888874
withimports.cli.graphml.curated 89e4a00f9c095d164a76589bf8d03adcd08b7c177ae3b7e2039e75941c9490b1
withimports.cli.graphml.extracted fefb0e3a37ab30958dc920ccc77ac3d032e1fcd472852409078082601b9419f9
withimports.cli.node-link.all 873e7c444cb59ba68342c921f85a9effa247024a725a036c0fc93e3256e3c25c
withimports.cli.node-link.curated 7da342305840c2b4779ef7c8375fcc958b2e43c0e43040acca5940d59690edf6
withimports.cli.node-link.extracted 410ee1c7da92995dc07f3dca21dd4062d7ddbbededf176a04bfb18951c2b7361
withimports.web.aif.debate-aifdb-linked-undercut 111c094ec3c0362d284e30bee13a2af28cf7924a869826892f474aa4f29ab8cf
withimports.web.aif.debate-debate 8aac6e2f594aa9bf28a0d63396d67c2c97145c7478742fd37e92ca4416f429d8
withimports.web.aif.none 0b40d67204e9fe33d4ea082b69920858fce1ecc172055df89e72925474b77b05
withimports.web.argdown.debate-aifdb-linked-undercut 663287926e973b4b26d917054c6b053d4e2f6d91fd664a085c7ae55372bbde7b
withimports.web.argdown.debate-debate af4b064889b8ba4f1454c868ca3db64bd505e4ba15a12671ae3615348406deb4
withimports.web.argdown.none 41842d2f5f5c021422dcc8bfd748ded68138e03aa4e5d4c743f387035138f562
withimports.web.cytoscape.debate-aifdb-linked-undercut 2164fbccf5e19c18a7df68e56e22c3c1d9cd8e98e6241a13c64b2cc9d6f97e6e
withimports.web.cytoscape.debate-debate 1f3fca2c17c2b9afd71aec815bf3be94a8017a0bf5b8b60c2794b0d02cc4aed5
withimports.web.cytoscape.none fd0e6ff92df86f74af0021a1bb8543255dd1e4ea6815aa44cbfae157bf64a68d
withimports.web.dot.debate-aifdb-linked-undercut c2bcffff15d976069ee29e84bc0f99f583d883c5a55188ea8d83eb1e77fa7c6c
withimports.web.dot.debate-debate a89caf74d9e307229d69556b6cbc829e07a1626881501370447382cf07e8025a
withimports.web.dot.none b6b70cf13a6cb59dbcb8078d1bed6a8844f3fdafb5e1a178e48d293136b589fe
withimports.web.graphml.debate-aifdb-linked-undercut 41a5863cabc571d7c43b39d1e85e8bc09791f4d7830cd5790311806c3c344586
withimports.web.graphml.debate-debate 0000770c6a46ce59fe067255054185977a2b4fda9c1d77b95357a215597fe425
withimports.web.graphml.none 6180b919bca497baf91e695c39e5fcee19f63cc39566251778af045c76e39a0d
withimports.web.node-link.debate-aifdb-linked-undercut d36a5be7a732030c0298f4e24ef8869d0203e5ac3410ee8e2eebeeefeb7e626d
withimports.web.node-link.debate-debate d36a5be7a732030c0298f4e24ef8869d0203e5ac3410ee8e2eebeeefeb7e626d
withimports.web.node-link.none e27a41913948c112571f3e94d06639edd8c381d88b9882e7f2324d6df59faae8
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
