/** Parameter averaging (DL4J's {@code ParameterAveragingTrainingMaster}) fitted to this project's data path. */
package io.sparkctr.training.paramavg;
