# utils
import pandas as pd
import numpy as np
import matplotlib.pyplot as plt
# import seaborn as sns


# load the data
def load_data(path):
    # read the csv
    df = pd.read_csv(path)
    # print the shape
    print(df.shape)
    return df


# clean the data
def clean_data(df):
    # drop the id column
    df = df.drop("student_id", axis=1)
    # fill missing values
    df["study_hours"] = df["study_hours"].fillna(df["study_hours"].mean())
    # df = df.dropna()
    # make the target
    df["passed"] = (df["final_grade"] >= 10).astype(int)
    # drop final grade
    df = df.drop("final_grade", axis=1)
    return df


# encode categorical columns
def encode(df):
    # loop over columns
    for col in ["gender", "parent_education", "internet"]:
        # one hot encode
        dummies = pd.get_dummies(df[col], prefix=col)
        # add to df
        df = pd.concat([df, dummies], axis=1)
        # drop the original column
        df = df.drop(col, axis=1)
    # df["gender"] = df["gender"].map({"F": 0, "M": 1})
    # df["internet"] = df["internet"].map({"no": 0, "yes": 1})
    return df


# plot confusion matrix
def plot_cm(cm):
    # make the figure
    fig, ax = plt.subplots()
    # show the matrix
    ax.imshow(cm, cmap="Blues")
    # add the numbers
    for i in range(cm.shape[0]):
        for j in range(cm.shape[1]):
            ax.text(j, i, cm[i, j], ha="center", va="center")
    # set labels
    ax.set_xlabel("predicted")
    ax.set_ylabel("actual")
    # plt.title("Confusion matrix")
    plt.savefig("cm.png")
    # plt.show()


# TODO: move this somewhere else
def print_scores(name, acc):
    print(name, "accuracy:", np.round(acc, 3))


# def plot_feature_importance(model, cols):
#     imp = model.feature_importances_
#     idx = np.argsort(imp)
#     plt.barh(np.array(cols)[idx], imp[idx])
#     plt.show()
