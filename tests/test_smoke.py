from tests.conftest import MET


def test_met_outcome(invoke):
    result = invoke("slippage", MET)
    assert "10 months" in result.stdout
