"""Online grouping of articles into families, stories and threads."""

from polywire.cluster.features import FEATURES, Point, make_point
from polywire.cluster.memory import cluster_in_memory
from polywire.cluster.online import OnlineClusterer
from polywire.cluster.params import LinearRule, ModelParams, load_params
from polywire.model import Assignment

__all__ = [
    "FEATURES",
    "Assignment",
    "LinearRule",
    "ModelParams",
    "OnlineClusterer",
    "Point",
    "cluster_in_memory",
    "load_params",
    "make_point",
]
